-- One rule of the OSM mapping: position, category, tag key and value (null: any), also-key and value, name pattern, note.
insert into osm_facility_rule (position, category_code, tag_key, tag_value, also_key, also_value, name_contains, note)
values ($1, $2, $3, $4, $5, $6, $7, $8)
