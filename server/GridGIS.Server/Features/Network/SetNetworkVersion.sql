-- Marks the walking network as changed (the network cache reloads on a new value). $1 jsonb.
insert into dataset_meta (key, value) values ('walk_network_version', $1::jsonb)
on conflict (key) do update set value = excluded.value;
