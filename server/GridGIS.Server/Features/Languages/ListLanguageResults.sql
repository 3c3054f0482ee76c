-- A run's language-aware coverage: $1 run, $2 category or null. Every level and language ('all' first within a unit), the
-- unit named from its table.
select l.category_code, l.level, l.unit_id, coalesce(s.code, c.code, g.code) as code, coalesce(s.name_zh, c.name_zh, g.name) as name,
       l.language, l.households, l.households_covered, l.households_in_language, l.persons, l.persons_covered, l.persons_in_language
from coverage_language_result l
left join street s on l.level = 'street' and s.id = l.unit_id
left join community c on l.level = 'community' and c.id = l.unit_id
left join grid g on l.level = 'grid' and g.id = l.unit_id
where l.run_id = $1 and ($2::text is null or l.category_code = $2)
order by l.category_code, array_position(array['district', 'street', 'community', 'grid'], l.level), l.unit_id,
         l.language <> 'all', l.language
