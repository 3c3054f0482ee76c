-- Scenarios, newest first, with their edit counts: $1 limit.
select s.id, s.name, s.run_id, (select count(*)::int from scenario_edit e where e.scenario_id = s.id), s.created_by, s.created_at, s.updated_at
from scenario s order by s.id desc limit $1
