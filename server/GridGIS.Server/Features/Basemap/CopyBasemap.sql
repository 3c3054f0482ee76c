copy import_basemap (kind, class, name, name_zh, name_en, source_id, geom) from stdin (format binary)
