-- Street import: insert new codes, update stored codes in place (ids kept). Returns (inserted, updated).
with written as (
    insert into street (code, name_zh, name_en, geom, geometry_note)
    select code, name_zh, name_en, geom, 'imported' from import_street order by i
    on conflict (code) do update
       set name_zh = excluded.name_zh, name_en = excluded.name_en, geom = excluded.geom, geometry_note = excluded.geometry_note
    returning (xmax = 0) as inserted
)
select count(*) filter (where inserted), count(*) filter (where not inserted), 0::bigint from written
