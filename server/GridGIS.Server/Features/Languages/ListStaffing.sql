-- The first $4 steps of a run's staffing plan for one category: $1 run, $2 category, $3 shown (the plan of steps of at least 5
-- households), with each facility's name.
select s.step, s.facility_id, f.name, s.language, s.persons, s.households, s.unserved
from coverage_language_staffing s
left join facility f on f.id = s.facility_id
where s.run_id = $1 and s.category_code = $2 and s.shown = $3
order by s.step
limit $4
