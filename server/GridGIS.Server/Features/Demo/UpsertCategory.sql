-- One facility category; an existing code keeps its id and takes the demo's names, thresholds and whether language applies.
insert into facility_category (code, name_zh, name_en, walk_minutes, walk_metres, walk_speed_kmh, language_applies)
values ($1, $2, $3, $4, $5, $6, $7)
on conflict (code) do update set name_zh = excluded.name_zh, name_en = excluded.name_en, walk_minutes = excluded.walk_minutes,
                                 walk_metres = excluded.walk_metres, walk_speed_kmh = excluded.walk_speed_kmh,
                                 language_applies = excluded.language_applies;
