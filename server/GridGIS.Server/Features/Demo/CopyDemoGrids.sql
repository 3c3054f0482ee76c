copy grid (id, code, community_id, kind, name, worker_id, geom) from stdin (format binary)
