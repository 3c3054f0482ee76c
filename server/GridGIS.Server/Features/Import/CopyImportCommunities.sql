copy import_community (i, code, street_code, name_zh, name_en, geom) from stdin (format binary)
