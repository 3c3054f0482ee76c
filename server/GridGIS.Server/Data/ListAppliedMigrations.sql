-- The numbers of the migrations already applied.
select version from schema_migration
