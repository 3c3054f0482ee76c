-- A scenario's edits in order: $1 scenario. Points as WGS84 degrees.
select seq, kind, category_code, facility_id, st_x(geom), st_y(geom), capacity, label
from scenario_edit where scenario_id = $1 order by seq
