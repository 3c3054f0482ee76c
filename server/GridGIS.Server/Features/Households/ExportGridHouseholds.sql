-- Every household of one grid for the CSV export, by id: id, address, WGS84 lon/lat (7 decimals,
-- about 1 cm), residents, foreign residents, nationalities as a jsonb text, grid code. $1 grid id.
select h.id, h.address, round(st_x(h.geom)::numeric, 7)::text, round(st_y(h.geom)::numeric, 7)::text,
       h.residents, h.foreign_residents, h.nationalities::text, g.code
  from household h
  join grid g on g.id = h.grid_id
 where h.grid_id = $1
 order by h.id;
