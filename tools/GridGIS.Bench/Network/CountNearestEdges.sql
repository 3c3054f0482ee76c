-- Benchmark baseline: the nearest edge of each of the first $1 households by PostGIS KNN (<->); the count
-- of households given one.
select count(e) from (select (select e.id from walk_edge e order by e.geom <-> h.geom limit 1) as e from household h order by h.id limit $1) q
