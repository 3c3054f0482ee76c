-- 0023: facilities from OpenStreetMap by a tag-to-category mapping a planner can read and an administrator
-- can change (GET/PUT /api/facilities/osm-rules), each category's default capacity, and where a facility
-- came from with its names in Chinese and English as OSM tags them.

-- The capacity a facility of the category gets when its source gives none (OSM rarely tags capacity).
-- Units are the category's own: places for schools and kindergartens, beds for elderly care, persons
-- served for the others. Null: no default.
alter table facility_category add column default_capacity int check (default_capacity >= 0);
update facility_category set default_capacity = d.capacity
  from (values ('community_service_station', 500), ('street_service_hall', 700), ('foreign_service_station', 300),
               ('library', 75), ('health_station', 7500), ('primary_school', 1170), ('kindergarten', 225),
               ('food_market', 1750), ('elderly_care', 40)) as d (code, capacity)
 where facility_category.code = d.code and facility_category.default_capacity is null;

-- Where a facility came from: 'osm' (source_id 'node/123', 'way/45', 'relation/6'), a file name, or
-- 'generated'; its Chinese and English names when the source has them (OSM name:zh, name:en).
alter table facility add column name_zh text check (length(name_zh) <= 200);
alter table facility add column name_en text check (length(name_en) <= 200);
alter table facility add column source text;
alter table facility add column source_id text;
create index facility_source_idx on facility (source, source_id);

-- One rule: an OSM feature (node, way, multipolygon relation) whose tag_key has tag_value (null: any value),
-- and also_key has also_value when also_key is set (also_value null: any value), and whose name or name:zh
-- contains name_contains when set, becomes a facility of category_code. Rules are tried in position order;
-- the first that matches takes the feature, so a specific rule goes before a general one.
create table osm_facility_rule (
    id            int generated always as identity primary key,
    position      int  not null unique,
    category_code text not null check (category_code ~ '^[a-z][a-z0-9_]{1,40}$'),
    tag_key       text not null check (tag_key ~ '^[A-Za-z0-9_:.-]{1,100}$'),
    tag_value     text check (length(tag_value) between 1 and 200),
    also_key      text check (also_key ~ '^[A-Za-z0-9_:.-]{1,100}$'),
    also_value    text check (length(also_value) between 1 and 200),
    name_contains text check (length(name_contains) between 1 and 100),
    note          text check (length(note) <= 300),
    check (also_value is null or also_key is not null)
);

insert into osm_facility_rule (position, category_code, tag_key, tag_value, also_key, also_value, name_contains, note) values
    (10,  'health_station',            'name',            null,             null,                  null,       '社区卫生服务', 'community health service centres and stations by name, whatever they are tagged'),
    (20,  'kindergarten',              'amenity',         'kindergarten',   null,                  null,       null,           null),
    (30,  'primary_school',            'amenity',         'school',         'isced:level',         '1',        null,           'primary by ISCED level'),
    (31,  'primary_school',            'amenity',         'school',         'school',              'primary',  null,           null),
    (32,  'primary_school',            'amenity',         'school',         null,                  null,       '小学',         'schools named 小学 where the level is not tagged; other schools are left to the preview'),
    (40,  'food_market',               'shop',            'supermarket',    null,                  null,       null,           null),
    (41,  'food_market',               'amenity',         'marketplace',    null,                  null,       null,           null),
    (42,  'food_market',               'shop',            'greengrocer',    null,                  null,       null,           null),
    (50,  'health_station',            'amenity',         'clinic',         null,                  null,       null,           null),
    (51,  'health_station',            'amenity',         'doctors',        null,                  null,       null,           null),
    (52,  'health_station',            'healthcare',      'clinic',         null,                  null,       null,           null),
    (53,  'health_station',            'healthcare',      'doctor',         null,                  null,       null,           null),
    (54,  'health_station',            'healthcare',      'centre',         null,                  null,       null,           null),
    (60,  'library',                   'amenity',         'library',        null,                  null,       null,           null),
    (70,  'elderly_care',              'social_facility', 'nursing_home',   null,                  null,       null,           null),
    (71,  'elderly_care',              'social_facility', 'assisted_living', null,                 null,       null,           null),
    (72,  'elderly_care',              'amenity',         'social_facility', 'social_facility:for', 'senior',  null,           null),
    (73,  'elderly_care',              'amenity',         'nursing_home',   null,                  null,       null,           'deprecated tag, still common'),
    (74,  'elderly_care',              'name',            null,             null,                  null,       '养老',         'elderly care by name (养老院, 养老驿站, 养老服务中心)'),
    (80,  'community_service_station', 'amenity',         'community_centre', null,                null,       null,           null),
    (81,  'community_service_station', 'name',            null,             null,                  null,       '社区服务',     'community service stations by name'),
    (82,  'community_service_station', 'name',            null,             null,                  null,       '居委会',       'residents'' committees (居委会) serve as community service stations'),
    (83,  'community_service_station', 'name',            null,             null,                  null,       '居民委员会',   null),
    (90,  'street_service_hall',       'name',            null,             null,                  null,       '街道办事处',   'street offices (街道办事处)'),
    (91,  'street_service_hall',       'name',            null,             null,                  null,       '政务服务',     'government service halls (政务服务中心)');
