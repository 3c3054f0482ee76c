-- One facility category; an existing code keeps its id and takes the demo's names and thresholds.
insert into facility_category (code, name_zh, name_en, walk_minutes, walk_metres, walk_speed_kmh)
values ($1, $2, $3, $4, $5, $6)
on conflict (code) do update set name_zh = excluded.name_zh, name_en = excluded.name_en, walk_minutes = excluded.walk_minutes,
                                 walk_metres = excluded.walk_metres, walk_speed_kmh = excluded.walk_speed_kmh;
