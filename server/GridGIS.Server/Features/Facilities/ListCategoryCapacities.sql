-- The stored categories and their default capacity (null: none), for the OSM facility import.
select code, default_capacity from facility_category order by code
