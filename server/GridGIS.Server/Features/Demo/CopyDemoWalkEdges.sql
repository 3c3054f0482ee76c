copy walk_edge (id, source, target, length_m, oneway, kind, geom) from stdin (format binary)
