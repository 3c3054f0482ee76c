-- A synthetic full-scale data set for scripts/bench.d/assign.sh, only when no full demo is loaded:
-- 42 streets x 16 communities x 4 grids = 2688 grids over roughly Chaoyang's extent, each polygon
-- with extra vertices (segmentized, about 36 each), tiling each community exactly;
-- 800000 households: 99% at random points, 0.9% exactly on grid boundaries, 0.1% outside every grid.
-- Everything here is generated (street.geometry_note, household.generated), never published data.
select setseed(0.42);

insert into street (code, name_zh, name_en, geom, geometry_note)
select '1101059' || lpad((sx * 7 + sy)::text, 2, '0'), '合成街道' || (sx * 7 + sy), 'Synthetic street ' || (sx * 7 + sy),
       st_multi(st_makeenvelope(116.40 + sx * 0.04, 39.85 + sy * 0.03, 116.40 + (sx + 1) * 0.04, 39.85 + (sy + 1) * 0.03, 4326)),
       'generated, synthetic benchmark'
  from generate_series(0, 5) sx, generate_series(0, 6) sy
on conflict (code) do nothing;

insert into community (code, street_id, name_zh, geom)
select s.code || lpad((cx * 4 + cy)::text, 3, '0'), s.id, '合成社区',
       st_multi(st_makeenvelope(st_xmin(s.geom) + cx * 0.01, st_ymin(s.geom) + cy * 0.0075,
                                st_xmin(s.geom) + (cx + 1) * 0.01, st_ymin(s.geom) + (cy + 1) * 0.0075, 4326))
  from street s, generate_series(0, 3) cx, generate_series(0, 3) cy
 where s.geometry_note = 'generated, synthetic benchmark'
on conflict (code) do nothing;

insert into grid (code, community_id, geom)
select c.code || lpad((gx * 2 + gy)::text, 3, '0'), c.id,
       st_multi(st_segmentize(st_makeenvelope(st_xmin(c.geom) + gx * 0.005, st_ymin(c.geom) + gy * 0.00375,
                                              st_xmin(c.geom) + (gx + 1) * 0.005, st_ymin(c.geom) + (gy + 1) * 0.00375, 4326), 0.0005))
  from community c
  join street s on s.id = c.street_id and s.geometry_note = 'generated, synthetic benchmark',
       generate_series(0, 1) gx, generate_series(0, 1) gy
on conflict (code) do nothing;

-- Random points inside the extent (116.40..116.64, 39.85..40.06).
insert into household (geom, residents, foreign_residents, nationalities, generated)
select st_setsrid(st_makepoint(116.40 + random() * 0.24, 39.85 + random() * 0.21), 4326), 1 + (random() * 4)::int, 0, '{}', true
  from generate_series(1, 792000);
-- Exactly on vertical grid boundaries (x a multiple of 0.005 from 116.40).
insert into household (geom, residents, foreign_residents, nationalities, generated)
select st_setsrid(st_makepoint(116.40 + (1 + (random() * 46)::int) * 0.005, 39.85 + random() * 0.21), 4326), 2, 0, '{}', true
  from generate_series(1, 7200);
-- Outside every grid.
insert into household (geom, residents, foreign_residents, nationalities, generated)
select st_setsrid(st_makepoint(116.70 + random() * 0.05, 39.85 + random() * 0.21), 4326), 1, 0, '{}', true
  from generate_series(1, 800);
