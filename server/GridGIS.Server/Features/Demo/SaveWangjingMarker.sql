-- Records the Wangjing step ($1: jsonb with the demo load it ran for and what it did).
insert into dataset_meta (key, value) values ('demo-wangjing', $1::jsonb)
on conflict (key) do update set value = excluded.value
