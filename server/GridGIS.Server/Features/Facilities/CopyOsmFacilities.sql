copy import_osm_facility (i, category, name, name_zh, name_en, source_id, capacity, geom, languages) from stdin (format binary)
