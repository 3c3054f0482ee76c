-- The largest stored walking-network node id (0 when none): imported nodes are numbered after it.
select coalesce(max(id), 0) from walk_node
