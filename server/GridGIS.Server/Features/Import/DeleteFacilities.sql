-- Facility import with mode=replace: removes the stored facilities of the categories in the file. Returns the count.
with gone as (
    delete from facility where category_code in (select distinct category from import_facility) returning 1
)
select count(*) from gone
