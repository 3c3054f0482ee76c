-- The migrations already applied: number and file name.
select version, name from schema_migration
