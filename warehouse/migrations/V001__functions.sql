-- V001: SQL functions shared by every raw -> dw transformation (one definition per rule).
-- ClickHouse SQL UDFs are global (not per database), hence the sportsdb_ prefix.
-- Raw columns are the API values as received: strings, NULLs or empty strings.

-- Surrogate key of a TheSportsDB id: cityHash64 of the id as Int64, so '133604' and 133604
-- (search endpoints send numbers) give the same key. NULL for a missing or non-numeric id.
CREATE OR REPLACE FUNCTION sportsdb_sk AS (id) -> cityHash64(toInt64OrNull(trimBoth(toString(id))));

-- Text value: trimmed, empty string -> NULL.
CREATE OR REPLACE FUNCTION sportsdb_text AS (s) -> nullIf(trimBoth(s), '');

-- Integer value ("19", " 44621 ") -> Int64; NULL when empty or not a number.
CREATE OR REPLACE FUNCTION sportsdb_int AS (s) -> toInt64OrNull(trimBoth(s));

-- Decimal value (statistics) -> Float64; NULL when empty or not a number.
CREATE OR REPLACE FUNCTION sportsdb_number AS (s) -> toFloat64OrNull(trimBoth(s));

-- Calendar date 'YYYY-MM-DD' -> Date32 (1900..2299, so birth dates before 1970 survive).
-- '0000-00-00', '' and NULL -> NULL (toDate32OrNull alone would turn '0000-00-00' into 1900-01-01).
CREATE OR REPLACE FUNCTION sportsdb_date AS (s) -> if(startsWith(trimBoth(ifNull(s, '')), '0000'), NULL, toDate32OrNull(trimBoth(s)));

-- API timestamps strTimestamp / strTimeStamp ('2026-10-10T11:30:00', '2026-10-10 11:30:00') are UTC.
CREATE OR REPLACE FUNCTION sportsdb_utc AS (s) -> parseDateTime64BestEffortOrNull(trimBoth(s), 3, 'UTC');

-- The live feed's `updated` ('2026-10-05 20:30:31') carries no zone; it is UK local time:
-- a game that kicked off at strTimestamp 19:00 UTC shows strProgress "30" at updated 20:30:31 (BST, UTC+1).
CREATE OR REPLACE FUNCTION sportsdb_uk_local AS (s) -> toDateTime64(parseDateTime64BestEffortOrNull(trimBoth(s), 3, 'Europe/London'), 3, 'UTC');

-- Sport filter: the exact sport name, case and blanks ignored ('Soccer Manager' is not soccer).
CREATE OR REPLACE FUNCTION sportsdb_is_soccer AS (s) -> lowerUTF8(trimBoth(ifNull(s, ''))) = 'soccer';

-- Yes/no flags ("Yes", "No", "yes", "no") -> 1/0; anything else -> 0.
CREATE OR REPLACE FUNCTION sportsdb_flag AS (s) -> toUInt8(lowerUTF8(trimBoth(ifNull(s, ''))) IN ('yes', 'y', 'true', '1'));

-- Text field of a JSON object held as a string (player records keep list_player / lookup_player as JSON).
CREATE OR REPLACE FUNCTION sportsdb_json_text AS (j, k) -> sportsdb_text(JSONExtractString(ifNull(j, '{}'), k));

-- Player field: the full lookup row wins, the team-list row fills in.
CREATE OR REPLACE FUNCTION sportsdb_player_text AS (lookup, list, k) -> coalesce(sportsdb_json_text(lookup, k), sportsdb_json_text(list, k));
