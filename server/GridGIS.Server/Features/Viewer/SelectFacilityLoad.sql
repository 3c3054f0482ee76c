-- A facility's load against its capacity in the latest complete coverage run: households and
-- residents within its service area. $1 facility id. No row before any run.
select l.run_id, l.households, l.residents, l.capacity, l.load_ratio, l.overloaded
  from coverage_facility_load l
 where l.facility_id = $1 and l.run_id = coverage_latest_run();
