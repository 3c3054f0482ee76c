-- Everything drawn on a comparison panel, one row per feature: the street, its communities, its
-- grids (kind foreign_resident or ordinary) and its facilities (kind = category code).
-- $1 street codes (text[]); $2 category whose service gaps (latest complete coverage run) are drawn, or null.
-- Geometries in EPSG:4326.
select s.code, 'street' as layer, null as kind, s.name_zh as label, s.geom from street s where s.code = any($1)
union all
select s.code, 'community', null, null, c.geom from community c join street s on s.id = c.street_id where s.code = any($1)
union all
select s.code, 'grid', g.kind, null, g.geom
  from grid g join community c on c.id = g.community_id join street s on s.id = c.street_id where s.code = any($1)
union all
select s.code, 'facility', f.category_code, null, f.geom from facility f join street s on s.id = f.street_id where s.code = any($1)
union all
select s.code, 'gap', g.category_code, null, st_collectionextract(st_intersection(st_makevalid(g.geom), s.geom), 3)
  from coverage_gap g join street s on g.geom && s.geom
 where s.code = any($1) and g.category_code = $2
   and g.run_id = coverage_latest_run()
   and st_intersects(g.geom, s.geom);
