-- The signed-in grid worker's grids as GeoJSON (administrators: every grid with a worker). $1 user name or null.
select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
    'type', 'Feature', 'id', g.id, 'geometry', st_asgeojson(st_forcepolygonccw(g.geom), 7)::json,
    'properties', json_build_object('layer', 'grid', 'code', g.code, 'name', g.name, 'kind', g.kind, 'worker', w.name,
                                  'communityId', g.community_id)) order by g.id), '[]'::json))::text
  from grid g join grid_worker w on w.id = g.worker_id
 where $1::text is null or w.user_name = $1;
