copy facility (id, category_code, name, geom, capacity, languages, street_id, generated) from stdin (format binary)
