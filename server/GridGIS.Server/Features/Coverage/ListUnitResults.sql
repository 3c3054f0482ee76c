-- A run's coverage per unit: $1 run, $2 level or null, $3 category or null. Units named from their tables, with
-- their parent unit (grid: community, community: street, street: the district 0) and whether another complete run of
-- the same data (a what-if) differs from this one by 1 .. $4-1 households or covered households in the unit: the
-- privacy rule withholds such a unit in both runs, so that subtracting the two answers isolates nobody.
select u.category_code, u.level, u.unit_id,
       coalesce(s.code, c.code, g.code) as code,
       coalesce(s.name_zh, c.name_zh, g.name) as name,
       u.households, u.households_covered, u.residents, u.residents_covered,
       u.foreign_residents, u.foreign_covered, u.accessibility,
       case u.level when 'grid' then g.community_id when 'community' then c.street_id when 'street' then 0 end as parent_id,
       exists (select 1
                 from coverage_run r2
                 join coverage_unit_result u2 on u2.run_id = r2.id and u2.category_code = u.category_code
                                              and u2.level = u.level and u2.unit_id = u.unit_id
                where r2.id <> u.run_id and r2.state = 'complete'
                  and r2.parameters -> 'data_version' = (select r.parameters -> 'data_version' from coverage_run r where r.id = $1)
                  and (abs(u2.households_covered - u.households_covered) between 1 and $4::int - 1
                       or abs(u2.households - u.households) between 1 and $4::int - 1)) as close_to_another_run
from coverage_unit_result u
left join street s on u.level = 'street' and s.id = u.unit_id
left join community c on u.level = 'community' and c.id = u.unit_id
left join grid g on u.level = 'grid' and g.id = u.unit_id
where u.run_id = $1
  and ($2::text is null or u.level = $2)
  and ($3::text is null or u.category_code = $3)
order by u.category_code, array_position(array['district', 'street', 'community', 'grid'], u.level), u.unit_id
