-- Facility categories with thresholds. $1 category code or null (all).
select code, name_zh, name_en, walk_minutes::float8, walk_metres::float8, walk_speed_kmh::float8
  from facility_category
 where ($1::text is null or code = $1)
 order by code;
