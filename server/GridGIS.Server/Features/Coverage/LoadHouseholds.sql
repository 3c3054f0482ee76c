-- Every household for the coverage analysis (binary COPY; lon/lat degrees, EPSG:4326): a plain scan, no
-- join and no sort (the loader sorts by id and resolves community and street from ListGridUnits.sql).
copy (
    select id, st_x(geom), st_y(geom), residents, foreign_residents, coalesce(grid_id, 0), coalesce(street_id, 0)
    from household
) to stdout (format binary)
