-- Replacing the mapping: every stored rule goes (inside the transaction that inserts the new ones). Returns the count.
with gone as (delete from osm_facility_rule returning 1)
select count(*) from gone
