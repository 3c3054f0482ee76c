copy street_published_population (street_id, source, year, registered_total, registered_local, registered_elsewhere_in_beijing,
                                 migrant_total, migrant_with_permit, migrant_without_permit, foreign_residents, total) from stdin (format binary)
