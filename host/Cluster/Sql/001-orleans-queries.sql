-- Orleans' ADO.NET providers read every statement they run from this table at start-up (key → SQL text), so the
-- schema below is the contract with Microsoft.Orleans.{Clustering,Persistence,Reminders}.AdoNet 10.4.2: the query
-- keys, the @parameter names and the result column names must match what the provider binds and reads.
-- Definition: Orleans' documented relational schema (dotnet/orleans src/AdoNet/Shared/PostgreSQL-Main.sql).
-- Every file here is safe to apply again: IF NOT EXISTS, CREATE OR REPLACE, and upserted query rows.
CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL,
    QueryText varchar(8000) NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);
