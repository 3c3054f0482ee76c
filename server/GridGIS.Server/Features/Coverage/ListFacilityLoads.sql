-- A run's facility loads: $1 run, $2 category or null.
select l.category_code, l.facility_id, f.name, l.households, l.residents, l.capacity, l.load_ratio, l.overloaded, l.supply_ratio
from coverage_facility_load l
left join facility f on f.id = l.facility_id
where l.run_id = $1 and ($2::text is null or l.category_code = $2)
order by l.category_code, l.facility_id
