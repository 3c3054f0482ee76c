-- Sets a grid's kind as an administrator confirmed it; returns the kind before and after.
-- $1 grid id; $2 kind; $3 reason; $4 who.
update grid g
   set kind = $2, kind_reason = $3, kind_set_by = $4, kind_set_at = now()
  from (select id, kind from grid where id = $1 for update) old
 where g.id = old.id
returning old.kind, g.kind;
