-- The analysts' questions about one day of rejected records, printed by the terminal report (TriageReport).
-- The Grafana dashboard infra/grafana/dashboards/triage.json asks the same questions (TriageDashboardTest: a
-- panel titled like a table here shows its rows). ${root} is the Parquet root, ${date} the day (YYYY-MM-DD, from
-- the Kafka timestamp in triage.timezone). A record with several reasons counts once under each reason.

-- name: records_per_topic
-- title: Rejected records per topic
SELECT topic, count(*) AS records
FROM read_parquet('${root}/date=${date}/*/*.parquet', hive_partitioning = false)
GROUP BY topic
ORDER BY records DESC, topic;

-- name: records_per_reason
-- title: Rejected records per reason
SELECT reason, count(*) AS records
FROM (SELECT unnest(reasons) AS reason
      FROM read_parquet('${root}/date=${date}/*/*.parquet', hive_partitioning = false))
GROUP BY reason
ORDER BY records DESC, reason;

-- name: records_per_sport
-- title: Rejected records per sport (strSport)
SELECT coalesce(strSport, '(none)') AS sport, count(*) AS records
FROM read_parquet('${root}/date=${date}/*/*.parquet', hive_partitioning = false)
GROUP BY sport
ORDER BY records DESC, sport;

-- name: records_per_status
-- title: Rejected records per match status (strStatus)
SELECT coalesce(strStatus, '(none)') AS status, count(*) AS records
FROM read_parquet('${root}/date=${date}/*/*.parquet', hive_partitioning = false)
GROUP BY status
ORDER BY records DESC, status;

-- name: dates
-- title: Days with triaged records (Grafana variable "date")
SELECT DISTINCT regexp_extract(file, 'date=([0-9]{4}-[0-9]{2}-[0-9]{2})', 1) AS date
FROM glob('${root}/date=*/*/*.parquet')
ORDER BY date DESC;
