-- Facility categories with their thresholds, facility counts and whether language applies to them, as a JSON array.
select coalesce(json_agg(json_build_object(
           'code', k.code, 'nameZh', k.name_zh, 'nameEn', k.name_en,
           'walkMinutes', k.walk_minutes, 'walkMetres', k.walk_metres, 'walkSpeedKmh', k.walk_speed_kmh,
           'facilities', (select count(*) from facility f where f.category_code = k.code),
           'languageApplies', k.language_applies) order by k.code), '[]'::json)::text
  from facility_category k;
