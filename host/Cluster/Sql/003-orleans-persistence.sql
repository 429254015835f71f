-- Orleans grain state on PostgreSQL (the "Default" storage in cluster mode): one row per grain and service, the
-- state as the binary payload of Orleans' serializer (the 10.x provider binds only @PayloadBinary; the JSON and XML
-- payload columns of older scripts are gone), Version as the optimistic-concurrency ETag (a stale writer gets 0 rows and Orleans
-- raises InconsistentStateException instead of overwriting a newer state).
-- Definition: Orleans' documented PostgreSQL persistence schema (dotnet/orleans src/AdoNet/Orleans.Persistence.AdoNet).
CREATE TABLE IF NOT EXISTS OrleansStorage
(
    grainidhash integer NOT NULL,
    grainidn0 bigint NOT NULL,
    grainidn1 bigint NOT NULL,
    graintypehash integer NOT NULL,
    graintypestring varchar(512) NOT NULL,
    grainidextensionstring varchar(512),
    serviceid varchar(150) NOT NULL,
    payloadbinary bytea,
    modifiedon timestamp without time zone NOT NULL,
    version integer
);

CREATE INDEX IF NOT EXISTS ix_orleansstorage ON OrleansStorage USING btree (grainidhash, graintypehash);

-- Returns the new version: the old one + 1 after an update, 1 after the first insert, or the caller's version
-- unchanged when another writer got there first (which Orleans reports as a conflict).
CREATE OR REPLACE FUNCTION writetostorage(
    _grainidhash integer,
    _grainidn0 bigint,
    _grainidn1 bigint,
    _graintypehash integer,
    _graintypestring varchar,
    _grainidextensionstring varchar,
    _serviceid varchar,
    _grainstateversion integer,
    _payloadbinary bytea)
  RETURNS TABLE(newgrainstateversion integer)
  LANGUAGE plpgsql
AS $function$
DECLARE
    _newgrainstateversion integer := _grainstateversion;
    rowcountvar integer := 0;
BEGIN
    IF _grainstateversion IS NOT NULL THEN
        UPDATE OrleansStorage
        SET payloadbinary = _payloadbinary,
            modifiedon = (now() AT TIME ZONE 'utc'),
            version = version + 1
        WHERE grainidhash = _grainidhash AND _grainidhash IS NOT NULL
          AND graintypehash = _graintypehash AND _graintypehash IS NOT NULL
          AND grainidn0 = _grainidn0 AND _grainidn0 IS NOT NULL
          AND grainidn1 = _grainidn1 AND _grainidn1 IS NOT NULL
          AND graintypestring = _graintypestring AND _graintypestring IS NOT NULL
          AND ((_grainidextensionstring IS NOT NULL AND grainidextensionstring IS NOT NULL
                AND grainidextensionstring = _grainidextensionstring)
               OR (_grainidextensionstring IS NULL AND grainidextensionstring IS NULL))
          AND serviceid = _serviceid AND _serviceid IS NOT NULL
          AND version IS NOT NULL AND version = _grainstateversion;
        GET DIAGNOSTICS rowcountvar = ROW_COUNT;
        IF rowcountvar > 0 THEN
            _newgrainstateversion := _grainstateversion + 1;
        END IF;
    END IF;

    IF _grainstateversion IS NULL THEN
        INSERT INTO OrleansStorage
            (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring, serviceid,
             payloadbinary, modifiedon, version)
        SELECT _grainidhash, _grainidn0, _grainidn1, _graintypehash, _graintypestring, _grainidextensionstring,
               _serviceid, _payloadbinary, (now() AT TIME ZONE 'utc'), 1
        WHERE NOT EXISTS (
            SELECT 1 FROM OrleansStorage
            WHERE grainidhash = _grainidhash AND _grainidhash IS NOT NULL
              AND graintypehash = _graintypehash AND _graintypehash IS NOT NULL
              AND grainidn0 = _grainidn0 AND _grainidn0 IS NOT NULL
              AND grainidn1 = _grainidn1 AND _grainidn1 IS NOT NULL
              AND graintypestring = _graintypestring AND _graintypestring IS NOT NULL
              AND ((_grainidextensionstring IS NOT NULL AND grainidextensionstring IS NOT NULL
                    AND grainidextensionstring = _grainidextensionstring)
                   OR (_grainidextensionstring IS NULL AND grainidextensionstring IS NULL))
              AND serviceid = _serviceid AND _serviceid IS NOT NULL);
        GET DIAGNOSTICS rowcountvar = ROW_COUNT;
        IF rowcountvar > 0 THEN
            _newgrainstateversion := 1;
        END IF;
    END IF;

    RETURN QUERY SELECT _newgrainstateversion AS newgrainstateversion;
END
$function$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', '
    SELECT * FROM writetostorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
'),
('ReadFromStorageKey', '
    SELECT PayloadBinary, (now() AT TIME ZONE ''utc''), Version
    FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash
      AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
      AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
      AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
      AND GrainTypeString = @GrainTypeString AND GrainTypeString IS NOT NULL
      AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL
            AND GrainIdExtensionString = @GrainIdExtensionString)
           OR (@GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL))
      AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL;
'),
('ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL, Version = Version + 1
    WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
      AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
      AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
      AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
      AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
      AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL
            AND GrainIdExtensionString = @GrainIdExtensionString)
           OR (@GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL))
      AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND Version IS NOT NULL AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
    RETURNING Version AS NewGrainStateVersion;
'),
('DeleteStorageKey', '
    DELETE FROM OrleansStorage
    WHERE GrainIdHash = @GrainIdHash AND @GrainIdHash IS NOT NULL
      AND GrainTypeHash = @GrainTypeHash AND @GrainTypeHash IS NOT NULL
      AND GrainIdN0 = @GrainIdN0 AND @GrainIdN0 IS NOT NULL
      AND GrainIdN1 = @GrainIdN1 AND @GrainIdN1 IS NOT NULL
      AND GrainTypeString = @GrainTypeString AND @GrainTypeString IS NOT NULL
      AND ((@GrainIdExtensionString IS NOT NULL AND GrainIdExtensionString IS NOT NULL
            AND GrainIdExtensionString = @GrainIdExtensionString)
           OR (@GrainIdExtensionString IS NULL AND GrainIdExtensionString IS NULL))
      AND ServiceId = @ServiceId AND @ServiceId IS NOT NULL
      AND Version IS NOT NULL AND Version = @GrainStateVersion AND @GrainStateVersion IS NOT NULL
    RETURNING Version + 1 AS NewGrainStateVersion;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = excluded.QueryText;
