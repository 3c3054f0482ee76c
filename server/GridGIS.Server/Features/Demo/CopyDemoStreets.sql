copy street (id, code, name_zh, name_en, geom, geometry_note) from stdin (format binary)
