-- The manual moves of one household from the audit log, oldest first. $1 household id (text).
select coalesce(json_agg(json_build_object(
           'at', a.at, 'by', a.actor,
           'fromGridId', a.before -> 'gridId', 'fromGridCode', a.before -> 'gridCode',
           'toGridId', a.after -> 'gridId', 'toGridCode', a.after -> 'gridCode',
           'reason', a.after -> 'reason') order by a.at, a.id), '[]'::json)::text
  from audit_log a
 where a.entity = 'household' and a.action = 'household.move' and a.entity_id = $1;
