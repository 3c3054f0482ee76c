-- Basemap import with replace=area: the stored features from OSM that lie inside the extract's box ($1 .. $4: west, south,
-- east, north, degrees) go; features reaching out of the box and those from other sources stay. Returns the count.
with gone as (
    delete from basemap_feature
     where source = 'osm' and geom @ st_makeenvelope($1, $2, $3, $4, 4326)
    returning 1
)
select count(*) from gone
