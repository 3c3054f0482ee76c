-- Removes the loaded demo before a new load (same transaction): generated households and facilities, the
-- streets of the demo (cascading to their published figures, communities and grids), the demo's grid workers
-- and walking network by the id ranges the previous load recorded (empty ranges when none was recorded).
-- One batch; named parameters @codes, @worker_from, @worker_to, @edge_from, @edge_to, @node_from, @node_to.
delete from household where generated;
delete from facility where generated;
delete from street where code = any(@codes);
delete from grid_worker where id between @worker_from and @worker_to;
delete from walk_edge where id between @edge_from and @edge_to;
delete from walk_node n where n.id between @node_from and @node_to
   and not exists (select 1 from walk_edge e where e.source = n.id or e.target = n.id);
