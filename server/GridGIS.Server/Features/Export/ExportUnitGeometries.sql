-- The polygons of one level's units, for a run's coverage per unit: $1 'street', 'community' or 'grid'.
select id, geom from street where $1 = 'street'
union all
select id, geom from community where $1 = 'community'
union all
select id, geom from grid where $1 = 'grid'
order by 1
