-- version 10: sorts before V002 by name, after it by version; needs V002's column
CREATE OR REPLACE VIEW v_event_latest AS
SELECT "idEvent", "strSeason", MAX("ingested_at") AS "ingested_at_latest"
FROM raw_event
GROUP BY "idEvent", "strSeason";
