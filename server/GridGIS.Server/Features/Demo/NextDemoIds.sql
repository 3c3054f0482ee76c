-- First free id of each table the demo fills with explicit ids (after the old demo was deleted).
select (select coalesce(max(id), 0) + 1 from street),
       (select coalesce(max(id), 0) + 1 from community),
       (select coalesce(max(id), 0) + 1 from grid_worker),
       (select coalesce(max(id), 0) + 1 from grid),
       (select coalesce(max(id), 0) + 1 from household),
       (select coalesce(max(id), 0) + 1 from facility),
       (select coalesce(max(id), 0) + 1 from walk_node),
       (select coalesce(max(id), 0) + 1 from walk_edge);
