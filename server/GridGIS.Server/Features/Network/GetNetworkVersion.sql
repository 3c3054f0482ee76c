-- The walking network's version: the change counters of walk_node and walk_edge (migration 0011), which every
-- write statement on either table moves, in the writer's transaction (imports, edits by hand in SQL, TRUNCATE).
select string_agg(table_name || '=' || version, ';' order by table_name)
from data_change
where table_name in ('walk_edge', 'walk_node')
