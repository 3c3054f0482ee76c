-- OSM facility import with mode=replace: removes the stored facilities of the categories the mapping names ($1). Returns the count.
with gone as (delete from facility where category_code = any($1) returning 1)
select count(*) from gone
