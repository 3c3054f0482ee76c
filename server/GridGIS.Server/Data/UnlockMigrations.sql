-- Releases the migration lock. $1 the lock key.
select pg_advisory_unlock($1)
