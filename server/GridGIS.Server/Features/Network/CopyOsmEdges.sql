copy import_osm_edge (i, source, target, oneway, kind, geom) from stdin (format binary)
