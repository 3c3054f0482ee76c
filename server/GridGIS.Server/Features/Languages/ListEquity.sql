-- A run's spread of accessibility per street and for the district: $1 run, $2 category or null.
select e.category_code, e.level, e.unit_id, e.gini, e.palma
from coverage_equity e
where e.run_id = $1 and ($2::text is null or e.category_code = $2)
order by e.category_code, e.level <> 'district', e.unit_id
