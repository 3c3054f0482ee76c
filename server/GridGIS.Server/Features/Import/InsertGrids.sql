-- Grid import: insert new codes, update stored codes in place (worker kept). Returns (inserted, updated, 0).
with written as (
    insert into grid (code, community_id, kind, name, geom)
    select g.code, c.id, g.kind, g.name, g.geom
      from import_grid g join community c on c.code = g.community_code
     order by g.i
    on conflict (code) do update
       set community_id = excluded.community_id, kind = excluded.kind, name = excluded.name, geom = excluded.geom
    returning (xmax = 0) as inserted
)
select count(*) filter (where inserted), count(*) filter (where not inserted), 0::bigint from written
