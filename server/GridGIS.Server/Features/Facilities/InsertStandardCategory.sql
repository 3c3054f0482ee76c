-- A standard category the OSM mapping names and the database lacks; an existing code is left as it is. Returns 1 when created.
with made as (
    insert into facility_category (code, name_zh, name_en, walk_minutes, walk_metres, walk_speed_kmh, default_capacity, language_applies)
    values ($1, $2, $3, $4, $5, $6, $7, $8)
    on conflict (code) do nothing
    returning 1
)
select count(*) from made
