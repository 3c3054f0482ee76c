copy walk_node (id, geom) from stdin (format binary)
