-- Records one applied migration, in the transaction that applied it. $1 its number; $2 its file name.
insert into schema_migration (version, name) values ($1, $2)
