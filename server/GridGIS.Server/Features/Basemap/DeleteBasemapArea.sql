-- Basemap import with replace=area: the stored features from OSM that lie inside the extract's area ($1 .. $4: west, south,
-- east, north, degrees; its <bounds>, else its nodes' box) go, and those with an OSM id the extract brings again ($5), so a
-- re-import never doubles a feature; features reaching out of the area and those from other sources stay. Returns the count.
with gone as (
    delete from basemap_feature
     where source = 'osm' and (geom @ st_makeenvelope($1, $2, $3, $4, 4326) or source_id = any($5))
    returning 1
)
select count(*) from gone
