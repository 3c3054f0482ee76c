-- A run's facility loads with the facility's point, for export: $1 run, $2 category or null. A facility deleted since the run has no point and is left out.
select l.category_code, l.facility_id, f.name, l.households, l.residents, l.capacity, l.load_ratio, l.overloaded, l.supply_ratio, f.geom
  from coverage_facility_load l
  join facility f on f.id = l.facility_id
 where l.run_id = $1 and ($2::text is null or l.category_code = $2)
 order by l.category_code, l.facility_id
