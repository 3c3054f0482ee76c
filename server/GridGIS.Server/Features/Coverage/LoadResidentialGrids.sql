-- The residential area of the gap analysis: grids that hold at least one household (EPSG:4326).
select g.id, g.geom
from grid g
where exists (select 1 from household h where h.grid_id = g.id)
order by g.id
