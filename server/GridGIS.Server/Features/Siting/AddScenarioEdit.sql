-- Appends an edit to scenario $1 (touching its updated_at): $2 kind, $3 category, $4 facility id, $5 lon, $6 lat (null
-- for close), $7 capacity, $8 label. Its number; no row when the scenario does not exist. Two edits at once of the same
-- scenario: the second fails on the primary key (23505) and is answered 409.
with s as (update scenario set updated_at = now() where id = $1 returning id)
insert into scenario_edit (scenario_id, seq, kind, category_code, facility_id, geom, capacity, label)
select s.id, coalesce((select max(seq) from scenario_edit where scenario_id = $1), 0) + 1, $2, $3, $4,
       case when $5::float8 is null then null else st_setsrid(st_makepoint($5::float8, $6::float8), 4326) end, $7, $8
from s
returning seq
