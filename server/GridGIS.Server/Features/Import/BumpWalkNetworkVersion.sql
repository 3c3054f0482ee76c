-- After a network import: a new walk_network_version, so that in-memory copies of the network reload. $1 the file's SHA-256.
insert into dataset_meta (key, value) values ('walk_network_version', jsonb_build_object('import', $1::text, 'at', now()))
on conflict (key) do update set value = excluded.value
