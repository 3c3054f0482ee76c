copy import_walk_edge (i, source, target, oneway, kind, geom) from stdin (format binary)
