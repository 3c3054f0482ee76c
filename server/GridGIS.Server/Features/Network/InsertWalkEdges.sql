-- Network layer import: edges from staging with their length along the WGS84 spheroid, metres. Returns the count.
with written as (
    insert into walk_edge (source, target, length_m, oneway, kind, geom)
    select source, target, st_length(geom::geography, true), oneway, kind, geom from import_walk_edge order by i
    returning 1
)
select count(*) from written
