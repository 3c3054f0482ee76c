copy import_grid (i, code, community_code, kind, name, geom) from stdin (format binary)
