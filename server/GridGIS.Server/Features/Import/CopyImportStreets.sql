copy import_street (i, code, name_zh, name_en, geom) from stdin (format binary)
