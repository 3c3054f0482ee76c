copy walk_node (id, geom, osm_id, level) from stdin (format binary)
