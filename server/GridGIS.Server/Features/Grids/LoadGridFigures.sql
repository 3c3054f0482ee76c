-- Per grid: kind, community, worker, household/resident/foreign-resident totals, foreign residents
-- per nationality (jsonb object code -> persons), the confirmed designation, the polygon, and the households with
-- foreign residents and per nationality (jsonb object code -> households), which the privacy rule judges labels by.
-- $1 community id or null for all grids.
with totals as (
    select h.grid_id, count(*) as households, sum(h.residents) as residents, sum(h.foreign_residents) as foreign_residents,
           count(*) filter (where h.foreign_residents > 0) as foreign_households
      from household h
     where h.grid_id is not null
     group by h.grid_id
), per_nationality as (
    select h.grid_id, n.key as nationality,
           sum(case when jsonb_typeof(n.value) = 'number' then n.value::numeric else 0 end)::bigint as persons,
           count(*) filter (where jsonb_typeof(n.value) = 'number' and n.value::numeric > 0) as households
      from household h
     cross join lateral jsonb_each(h.nationalities) n
     where h.grid_id is not null and h.nationalities <> '{}'::jsonb
     group by h.grid_id, n.key
), nationalities as (
    select grid_id, jsonb_object_agg(nationality, persons) as nationalities, jsonb_object_agg(nationality, households) as households
      from per_nationality group by grid_id
)
select g.id, g.code, g.kind, g.community_id, g.worker_id,
       coalesce(t.households, 0)::bigint, coalesce(t.residents, 0)::bigint, coalesce(t.foreign_residents, 0)::bigint,
       coalesce(n.nationalities, '{}'::jsonb)::text, g.kind_reason, g.kind_set_by, g.kind_set_at, g.geom,
       coalesce(t.foreign_households, 0)::bigint, coalesce(n.households, '{}'::jsonb)::text
  from grid g
  left join totals t on t.grid_id = g.id
  left join nationalities n on n.grid_id = g.id
 where ($1::int is null or g.community_id = $1)
 order by g.code;
