-- A complete run for scenarios and siting: $1 run id, or null for the latest complete full run. Its mode, its parameters
-- (categories with thresholds, detour factor, versions) as JSON text, and whether the data and the walking network are
-- still as the run saw them (the same change counters, migration 0011): a scenario's base is the run's reach, so the
-- data must not have moved since.
with current_versions as (
    select jsonb_object_agg(table_name, version) filter (where table_name not like 'walk%')
               || jsonb_build_object('dataset', (select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) from dataset_meta)) as data,
           jsonb_object_agg(table_name, version) filter (where table_name like 'walk%') as network
    from data_change
)
select r.id, r.mode, r.parameters::text,
       r.parameters -> 'data_version' = v.data and r.parameters -> 'network_version' = v.network as current
from coverage_run r, current_versions v
where r.state = 'complete' and r.id = coalesce($1::bigint, coverage_latest_run())
