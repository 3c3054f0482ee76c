-- Waits for the migration lock (a session advisory lock), so that two processes starting together do
-- not race. $1 the lock key.
select pg_advisory_lock($1)
