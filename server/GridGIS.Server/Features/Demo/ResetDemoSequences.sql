-- After COPY with explicit ids: serial sequences continue after the highest id. Runs as one batch.
select setval(pg_get_serial_sequence('street', 'id'), greatest((select max(id) from street), 1));
select setval(pg_get_serial_sequence('community', 'id'), greatest((select max(id) from community), 1));
select setval(pg_get_serial_sequence('grid_worker', 'id'), greatest((select max(id) from grid_worker), 1));
select setval(pg_get_serial_sequence('grid', 'id'), greatest((select max(id) from grid), 1));
select setval(pg_get_serial_sequence('household', 'id'), greatest((select max(id) from household), 1));
select setval(pg_get_serial_sequence('facility', 'id'), greatest((select max(id) from facility), 1));
select setval(pg_get_serial_sequence('walk_edge', 'id'), greatest((select max(id) from walk_edge), 1));
