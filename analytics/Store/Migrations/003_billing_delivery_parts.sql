-- Named billing deliveries (issue 9): a provider's export split into parts (the files of one AWS CUR assembly, the
-- partitions of an Azure or FOCUS export run) may be imported in separate runs, or on different silos, under one
-- `insights import billing --delivery NAME`. Each part's import is recorded here, so a later part's restatement keeps
-- the earlier parts of the same delivery instead of replacing them (Store/BillingDeliveryParts.cs). An import without a
-- name is a delivery of its own and has no row.
CREATE TABLE billing_delivery_parts (
    import_id     VARCHAR NOT NULL PRIMARY KEY, -- the part's content hash (imports.import_id)
    delivery_name VARCHAR NOT NULL              -- the name given with --delivery
);
