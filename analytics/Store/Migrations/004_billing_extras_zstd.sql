-- x_extra holds, per row, every provider column that has no FOCUS name (an AWS CUR row: ~110 of them, ~1.9 KB of JSON).
-- DuckDB's automatic choice for such long unique strings is FSST, which both costs more CPU than reading the Parquet
-- file did and keeps the JSON at ~40 % of its size; ZSTD over the same text takes a fraction of that CPU and stores it
-- ~80x smaller (BENCHMARKS.md 4.7). ZSTD string storage needs a store file of storage version v1.2.0 or later:
-- InsightsDatabase creates new files so, and SchemaMigrator drops the USING COMPRESSION clause on an older file, whose
-- x_extra then stays as it was (DuckDB would store it uncompressed there). The table is rebuilt because DuckDB cannot
-- change a column's compression in place; its rows are copied as they are.
CREATE TABLE focus_line_items_zstd (
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
    x_extra                    JSON USING COMPRESSION zstd
);
INSERT INTO focus_line_items_zstd SELECT * FROM focus_line_items;
DROP TABLE focus_line_items;
ALTER TABLE focus_line_items_zstd RENAME TO focus_line_items;
