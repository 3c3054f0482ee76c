-- Each OGC collection's extent in EPSG:4326 (min lon, min lat, max lon, max lat); nulls when empty. The run results'
-- collections take their units' tables' extents (gaps: the latest complete run's); service areas the facilities'.
with e(collection, box) as (
    select 'streets', st_extent(geom) from street
    union all select 'communities', st_extent(geom) from community
    union all select 'grids', st_extent(geom) from grid
    union all select 'facilities', st_extent(geom) from facility
    union all select 'network', st_extent(geom) from walk_edge
    union all select 'basemap', st_extent(geom) from basemap_feature
    union all select 'gaps', st_extent(geom) from coverage_gap where run_id = coverage_latest_run()
    union all select 'coverage-streets', st_extent(geom) from street
    union all select 'coverage-communities', st_extent(geom) from community
    union all select 'coverage-grids', st_extent(geom) from grid
)
select collection, st_xmin(box), st_ymin(box), st_xmax(box), st_ymax(box) from e
