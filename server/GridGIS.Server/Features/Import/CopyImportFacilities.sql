copy import_facility (i, category, name, geom, capacity, languages) from stdin (format binary)
