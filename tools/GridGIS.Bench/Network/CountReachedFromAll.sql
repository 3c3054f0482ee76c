-- Benchmark baseline: nodes pgRouting reaches from all start nodes at once (equicost: each node once,
-- from its nearest start). $1 pgRouting edge query (SelectRoutingEdges.sql); $2 start node ids.
select count(*) from pgr_drivingDistance($1, $2::bigint[], 1e9, true, equicost := true)
