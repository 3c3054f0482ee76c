-- A run's coverage per unit: $1 run, $2 level or null, $3 category or null. Units named from their tables.
select u.category_code, u.level, u.unit_id,
       coalesce(s.code, c.code, g.code) as code,
       coalesce(s.name_zh, c.name_zh, g.name) as name,
       u.households, u.households_covered, u.residents, u.residents_covered,
       u.foreign_residents, u.foreign_covered, u.accessibility
from coverage_unit_result u
left join street s on u.level = 'street' and s.id = u.unit_id
left join community c on u.level = 'community' and c.id = u.unit_id
left join grid g on u.level = 'grid' and g.id = u.unit_id
where u.run_id = $1
  and ($2::text is null or u.level = $2)
  and ($3::text is null or u.category_code = $3)
order by u.category_code, array_position(array['district', 'street', 'community', 'grid'], u.level), u.unit_id
