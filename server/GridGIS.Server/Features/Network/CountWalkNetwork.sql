-- The stored network's size and highest node id (new node ids follow it).
select (select count(*) from walk_edge), (select count(*) from walk_node), coalesce((select max(id) from walk_node), 0);
