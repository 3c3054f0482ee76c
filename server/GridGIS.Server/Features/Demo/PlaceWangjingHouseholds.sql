-- The demo's generated households of the Wangjing street (望京街道) inside the extract's area ($1 .. $4: west, south, east,
-- north) move into the extract's residential buildings ($5: building classes) within their own grid: household h goes to
-- the grid's building number (h.id mod buildings), at a point PostGIS draws inside it (st_generatepoints, seeded by the id:
-- the same on every load). Each household keeps its grid, so every published and per-grid figure stays as it was; grids
-- without such a building keep their households where the generator put them. Returns (moved, grids with buildings).
with homes as (
    select g.id as grid_id, x.geom,
           row_number() over (partition by g.id order by b.id) - 1 as k, count(*) over (partition by g.id) as n
      from grid g
      join community c on c.id = g.community_id
      join street s on s.id = c.street_id and s.name_zh = '望京街道'
      join basemap_feature b on b.kind = 'building' and b.source = 'osm' and b.class = any($5)
                            and b.geom && g.geom and b.geom @ st_makeenvelope($1, $2, $3, $4, 4326)
      cross join lateral (select st_collectionextract(st_intersection(b.geom, g.geom), 3) as geom) x
     where st_area(x.geom::geography) >= 20
),
moved as (
    update household h
       set geom = st_geometryn(st_generatepoints(m.geom, 1, (h.id % 2147483647)::int), 1)
      from homes m
     where h.generated and h.grid_id = m.grid_id and m.k = h.id % m.n
       and h.geom && st_makeenvelope($1, $2, $3, $4, 4326)
    returning h.grid_id
)
select count(*), count(distinct grid_id) from moved
