-- Per unit and category, one run against another: $1 from run, $2 to run, $3 level, $4 category or null.
-- A unit present in one run only shows nulls on the other side.
select coalesce(t.category_code, f.category_code) as category_code, coalesce(t.unit_id, f.unit_id) as unit_id,
       f.households, f.households_covered, f.residents, f.residents_covered,
       t.households, t.households_covered, t.residents, t.residents_covered,
       f.accessibility, t.accessibility
from (select * from coverage_unit_result where run_id = $1 and level = $3 and ($4::text is null or category_code = $4)) f
full join (select * from coverage_unit_result where run_id = $2 and level = $3 and ($4::text is null or category_code = $4)) t
  on t.category_code = f.category_code and t.unit_id = f.unit_id
order by 1, 2
