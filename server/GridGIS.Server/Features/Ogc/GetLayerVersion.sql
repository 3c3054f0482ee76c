-- The data version of a tile layer: its tables' change counters (migration 0011), as one text. $1 table names.
select string_agg(table_name || '.' || version, '-' order by table_name) from data_change where table_name = any ($1)
