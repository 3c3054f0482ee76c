-- Benchmark: the pgRouting edge query (the text passed as $1 to pgr_drivingDistance), cost in seconds
-- at the walking speed of 4 km/h (WalkSpeed.Default): 3.6 / 4 = 0.9 s per metre; one-way edges have no
-- reverse.
select id, source, target, length_m * 0.9 as cost, case when oneway then -1 else length_m * 0.9 end as reverse_cost from walk_edge
