copy household (id, geom, address, residents, foreign_residents, nationalities, grid_id, street_id, generated) from stdin (format binary)
