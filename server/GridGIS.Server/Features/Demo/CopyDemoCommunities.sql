copy community (id, code, street_id, name_zh, geom) from stdin (format binary)
