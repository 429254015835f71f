-- 001: the initial store. Every timestamp is UTC (TIMESTAMP without zone, by convention).
-- Column meanings are documented in docs/SCHEMA.md.

CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    description VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);

-- One row per series: metric name + sorted label set, id = XxHash64 (SeriesIdentity in ingest).
CREATE TABLE metric_series (
    series_id  UBIGINT PRIMARY KEY,
    service    VARCHAR NOT NULL,
    metric     VARCHAR NOT NULL,
    labels     JSON NOT NULL,
    first_seen TIMESTAMP NOT NULL
);

CREATE TABLE metric_samples (
    service   VARCHAR NOT NULL,
    metric    VARCHAR NOT NULL,
    series_id UBIGINT NOT NULL,
    ts        TIMESTAMP NOT NULL,
    value     DOUBLE NOT NULL
);

-- Elastic Common Schema events; raw keeps the whole document for fields not lifted out yet.
CREATE TABLE log_events (
    event_id        VARCHAR NOT NULL,
    ts              TIMESTAMP NOT NULL,
    service         VARCHAR NOT NULL,
    environment     VARCHAR,
    service_version VARCHAR,
    action          VARCHAR,
    outcome         VARCHAR,
    category        VARCHAR,
    level           VARCHAR,
    message         VARCHAR,
    event_start     TIMESTAMP,
    event_end       TIMESTAMP,
    duration_ns     BIGINT,
    labels          JSON,
    raw             JSON NOT NULL
);

-- FOCUS 1.x cost and usage rows (column names as the specification); x_extra holds every other column.
CREATE TABLE focus_line_items (
    import_id                  VARCHAR NOT NULL,
    source_line                BIGINT NOT NULL,
    BilledCost                 DECIMAL(38, 12) NOT NULL,
    EffectiveCost              DECIMAL(38, 12) NOT NULL,
    ListCost                   DECIMAL(38, 12) NOT NULL,
    ContractedCost             DECIMAL(38, 12) NOT NULL,
    BillingCurrency            VARCHAR NOT NULL,
    BillingAccountId           VARCHAR,
    BillingAccountName         VARCHAR,
    SubAccountId               VARCHAR,
    SubAccountName             VARCHAR,
    BillingPeriodStart         TIMESTAMP NOT NULL,
    BillingPeriodEnd           TIMESTAMP NOT NULL,
    ChargePeriodStart          TIMESTAMP NOT NULL,
    ChargePeriodEnd            TIMESTAMP NOT NULL,
    ChargeCategory             VARCHAR,
    ChargeClass                VARCHAR,
    ChargeDescription          VARCHAR,
    ChargeFrequency            VARCHAR,
    PricingCategory            VARCHAR,
    PricingQuantity            DECIMAL(38, 12),
    PricingUnit                VARCHAR,
    ListUnitPrice              DECIMAL(38, 12),
    ContractedUnitPrice        DECIMAL(38, 12),
    ConsumedQuantity           DECIMAL(38, 12),
    ConsumedUnit               VARCHAR,
    CommitmentDiscountCategory VARCHAR,
    CommitmentDiscountId       VARCHAR,
    CommitmentDiscountName     VARCHAR,
    CommitmentDiscountStatus   VARCHAR,
    CommitmentDiscountType     VARCHAR,
    ProviderName               VARCHAR,
    PublisherName              VARCHAR,
    InvoiceIssuerName          VARCHAR,
    ServiceCategory            VARCHAR,
    ServiceName                VARCHAR,
    SkuId                      VARCHAR,
    SkuPriceId                 VARCHAR,
    ResourceId                 VARCHAR,
    ResourceName               VARCHAR,
    ResourceType               VARCHAR,
    RegionId                   VARCHAR,
    RegionName                 VARCHAR,
    AvailabilityZone           VARCHAR,
    Tags                       JSON,
    x_extra                    JSON
);

-- Rows of billing imports in progress: moved to focus_line_items in one transaction at commit.
CREATE TABLE focus_staging AS SELECT * FROM focus_line_items WITH NO DATA;

CREATE TABLE imports (
    import_id    VARCHAR PRIMARY KEY,
    kind         VARCHAR NOT NULL,
    path         VARCHAR NOT NULL,
    bytes        BIGINT NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    status       VARCHAR NOT NULL,
    rows_read    BIGINT NOT NULL,
    rows_stored  BIGINT NOT NULL,
    duplicates   BIGINT NOT NULL,
    rejected     BIGINT NOT NULL
);

-- Backstage catalog: Group (teams), System, Component (services).
CREATE TABLE catalog_teams (
    name        VARCHAR PRIMARY KEY,
    title       VARCHAR,
    type        VARCHAR,
    parent      VARCHAR,
    description VARCHAR,
    declared    BOOLEAN NOT NULL,
    source_file VARCHAR,
    source_line INTEGER
);

CREATE TABLE catalog_systems (
    name        VARCHAR PRIMARY KEY,
    owner       VARCHAR,
    domain      VARCHAR,
    description VARCHAR,
    source_file VARCHAR NOT NULL,
    source_line INTEGER
);

CREATE TABLE catalog_services (
    name        VARCHAR PRIMARY KEY,
    team        VARCHAR,
    owner_ref   VARCHAR,
    type        VARCHAR,
    lifecycle   VARCHAR,
    system      VARCHAR,
    title       VARCHAR,
    description VARCHAR,
    tags        JSON,
    annotations JSON,
    slo_target  DECIMAL(9, 6),
    cost_tags   JSON,
    source_file VARCHAR NOT NULL,
    source_line INTEGER
);

-- Orleans grain state (Orleans binary serialization), so grains survive a restart.
CREATE TABLE grain_state (
    grain_type VARCHAR NOT NULL,
    grain_id   VARCHAR NOT NULL,
    etag       VARCHAR NOT NULL,
    state      BLOB NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (grain_type, grain_id)
);
