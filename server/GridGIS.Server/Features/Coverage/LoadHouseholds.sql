-- Every household with its units, for the coverage analysis (binary COPY; lon/lat degrees, EPSG:4326).
-- Community and street fall back along grid -> community -> street when the household row lacks them.
copy (
    select h.id, st_x(h.geom), st_y(h.geom), h.residents, h.foreign_residents,
           coalesce(h.grid_id, 0), coalesce(g.community_id, 0), coalesce(h.street_id, c.street_id, 0)
    from household h
    left join grid g on g.id = h.grid_id
    left join community c on c.id = g.community_id
    order by h.id
) to stdout (format binary)
