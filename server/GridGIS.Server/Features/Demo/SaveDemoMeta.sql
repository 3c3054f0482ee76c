-- Records the loaded demo (scale, seed, generator version, id ranges). $1 jsonb.
insert into dataset_meta (key, value) values ('demo', $1::jsonb)
on conflict (key) do update set value = excluded.value;
