-- Creates a coverage run with its parameters (categories with thresholds and speeds, detour factor,
-- network and data versions) and one part per facility category.
-- $1 mode (network|euclidean), $2 trigger, $3 detour factor, $4 no-op, $5 created at,
-- $6 minutes for every category of the run instead of each one's own threshold (null: their own),
-- $7 only these categories (null: all). A run with $6 or $7 is a what-if run: kept, listed, readable by
-- id, but never served as the latest run.
-- The data and network versions: the change counters of exactly the tables a run reads (migration 0033's
-- functions, the one definition; no scan of the data).
with params as (
    select jsonb_build_object(
        'categories', (select coalesce(jsonb_agg(jsonb_build_object(
                           'code', code, 'walk_minutes', coalesce($6::float8, walk_minutes),
                           'walk_metres', case when $6::float8 is null then walk_metres end,
                           'speed_kmh', walk_speed_kmh,
                           'threshold_seconds', case when $6::float8 is not null then $6::float8 * 60
                                                     when walk_metres is not null
                                                     then walk_metres / (walk_speed_kmh / 3.6)
                                                     else walk_minutes * 60 end) order by code), '[]'::jsonb)
                       from facility_category
                      where $7::text[] is null or code = any ($7::text[])),
        'what_if', $6::float8 is not null or $7::text[] is not null,
        'what_if_minutes', $6::float8,
        'detour_factor', $3::float8,
        'network_version', coverage_network_version(),
        'data_version', coverage_data_version()) as p
), run as (
    insert into coverage_run (parameters, mode, trigger, no_op, created_at)
    select p, $1, $2, $4, $5 from params
    returning id, parameters
), parts as (
    insert into coverage_part (run_id, part)
    select run.id, c ->> 'code' from run, jsonb_array_elements(run.parameters -> 'categories') c
    returning part
)
select run.id, array(select part from parts order by part) from run
