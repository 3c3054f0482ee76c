-- Community import: insert new codes, update stored codes in place. Returns (inserted, updated, 0).
with written as (
    insert into community (code, street_id, name_zh, name_en, geom)
    select c.code, s.id, c.name_zh, c.name_en, c.geom
      from import_community c join street s on s.code = c.street_code
     order by c.i
    on conflict (code) do update
       set street_id = excluded.street_id, name_zh = excluded.name_zh, name_en = excluded.name_en, geom = excluded.geom
    returning (xmax = 0) as inserted
)
select count(*) filter (where inserted), count(*) filter (where not inserted), 0::bigint from written
