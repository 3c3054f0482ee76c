-- The OSM tag-to-category mapping (migration 0023), in the order the rules are tried.
select position, category_code, tag_key, tag_value, also_key, also_value, name_contains, note
  from osm_facility_rule
 order by position
