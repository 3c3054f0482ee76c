-- A complete run for scenarios and siting: $1 run id, or null for the latest complete full run. Its mode, its parameters
-- (categories with thresholds, detour factor, versions) as JSON text, and whether the data and the walking network are
-- still as the run saw them (the same change counters of the run's inputs, migration 0033): a scenario's base is the run's reach, so the
-- data must not have moved since.
select r.id, r.mode, r.parameters::text,
       r.parameters -> 'data_version' = coverage_data_version() and r.parameters -> 'network_version' = coverage_network_version() as current
from coverage_run r
where r.state = 'complete' and r.id = coalesce($1::bigint, coverage_latest_run())
