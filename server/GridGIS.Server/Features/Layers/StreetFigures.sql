-- Per-street figures: the published 2010 figures and the counts of the households actually loaded,
-- each labelled. $1 street id or null for all; $2 true to withhold small counts (every role but administrator).
with hh as (
    select street_id, count(*) as households, sum(residents) as residents, sum(foreign_residents) as foreign_residents
      from household where $1::int is null or street_id = $1 group by street_id
), gr as (
    select c.street_id, count(*) as grids, count(*) filter (where g.kind = 'foreign_resident') as foreign_grids
      from grid g join community c on c.id = g.community_id group by c.street_id
), co as (
    select street_id, count(*) as communities from community group by street_id
), fa as (
    select street_id, json_object_agg(category_code, n order by category_code) as by_category
      from (select street_id, category_code, count(*) as n from facility group by street_id, category_code) x
     group by street_id
)
select coalesce(json_agg(json_build_object(
    'id', s.id, 'code', s.code, 'nameZh', s.name_zh, 'nameEn', s.name_en,
    'published', case when p.street_id is null then null else json_build_object(
        'label', 'published', 'source', p.source, 'year', p.year,
        'residents', p.total, 'foreignResidents', p.foreign_residents,
        'foreignShare', round(p.foreign_residents::numeric / nullif(p.total, 0), 5),
        'registeredTotal', p.registered_total, 'registeredLocal', p.registered_local,
        'registeredElsewhereInBeijing', p.registered_elsewhere_in_beijing, 'migrantTotal', p.migrant_total,
        'migrantWithPermit', p.migrant_with_permit, 'migrantWithoutPermit', p.migrant_without_permit) end,
    'loaded', json_build_object(
        'label', 'loaded households (generated where the demo is loaded)',
        -- $2: withhold counts of 1..4 households (and 1..4 foreign residents) for every role but administrator.
        'suppressed', $2 and (hh.households between 1 and 4 or hh.foreign_residents between 1 and 4),
        'households', case when $2 and hh.households between 1 and 4 then null else coalesce(hh.households, 0) end,
        'residents', case when $2 and hh.households between 1 and 4 then null else coalesce(hh.residents, 0) end,
        'foreignResidents', case when $2 and (hh.households between 1 and 4 or hh.foreign_residents between 1 and 4) then null
                                 else coalesce(hh.foreign_residents, 0) end,
        'foreignShare', case when $2 and (hh.households between 1 and 4 or hh.foreign_residents between 1 and 4) then null
                             else round(coalesce(hh.foreign_residents, 0)::numeric / nullif(hh.residents, 0), 5) end,
        'communities', coalesce(co.communities, 0), 'grids', coalesce(gr.grids, 0),
        'foreignResidentGrids', coalesce(gr.foreign_grids, 0),
        'facilitiesByCategory', coalesce(fa.by_category, '{}'::json))) order by s.id), '[]'::json)::text
  from street s
  left join street_published_population p on p.street_id = s.id
  left join hh on hh.street_id = s.id
  left join gr on gr.street_id = s.id
  left join co on co.street_id = s.id
  left join fa on fa.street_id = s.id
 where $1::int is null or s.id = $1;
