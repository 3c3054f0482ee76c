-- Serialises start-up checks of processes starting together (transaction-scoped advisory lock).
select pg_advisory_xact_lock(7136584301)
