-- The staged households, in file order; returns the new ids, ascending ('{}' when none).
with inserted as (
    insert into household (geom, address, residents, foreign_residents, nationalities, generated)
    select geom, address, residents, foreign_residents, nationalities, generated from household_import order by line
    returning id)
select coalesce(array_agg(id order by id), '{}') from inserted
