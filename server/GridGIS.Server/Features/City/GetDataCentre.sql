-- The centre of the data, for the city profile's metric CRS when none is configured: the middle of the
-- streets' extent, else of the walking network's nodes (a network imported before any boundary); no row
-- when both are empty. Returns (source, lon, lat), WGS84 degrees.
select source, (st_xmin(box) + st_xmax(box)) / 2 as lon, (st_ymin(box) + st_ymax(box)) / 2 as lat
  from (select 'streets' as source, 1 as rank, st_extent(geom) as box from street
        union all
        select 'walking network', 2, st_extent(geom) from walk_node) x
 where box is not null
 order by rank
 limit 1
