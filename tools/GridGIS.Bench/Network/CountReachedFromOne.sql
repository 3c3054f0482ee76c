-- Benchmark baseline: nodes pgRouting reaches from one start node. $1 pgRouting edge query
-- (SelectRoutingEdges.sql); $2 start node id.
select count(*) from pgr_drivingDistance($1, $2::bigint, 1e9, true)
