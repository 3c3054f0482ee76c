-- Every change counter (migration 0011): table name and version, for the server's in-memory copy of them.
select table_name, version from data_change
