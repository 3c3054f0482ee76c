-- Each OGC collection's extent in EPSG:4326 (min lon, min lat, max lon, max lat); nulls when empty.
with e(collection, box) as (
    select 'streets', st_extent(geom) from street
    union all select 'communities', st_extent(geom) from community
    union all select 'grids', st_extent(geom) from grid
    union all select 'facilities', st_extent(geom) from facility
    union all select 'network', st_extent(geom) from walk_edge
)
select collection, st_xmin(box), st_ymin(box), st_xmax(box), st_ymax(box) from e
