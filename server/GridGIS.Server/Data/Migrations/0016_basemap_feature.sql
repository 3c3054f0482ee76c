-- 0016: basemap features (roads by class with names, buildings, water, green and land use, rail, place names),
-- kept for the map's own vector basemap (tile layer "basemap"), imported from OpenStreetMap or a city's files.
-- Not analysed: the walking network stays in walk_node/walk_edge. Stored in EPSG:4326 like every layer.
create table basemap_feature (
    id bigint generated always as identity primary key,
    -- What it is: road, building, water, green, landuse, rail, place.
    kind text not null check (kind in ('road', 'building', 'water', 'green', 'landuse', 'rail', 'place')),
    -- The class within its kind, in OSM's words: motorway/primary/.../footway for roads, residential/commercial
    -- for land use, park/forest for green, river/lake for water, city/suburb/neighbourhood for places, ...
    class text not null default '',
    name text,
    name_zh text,
    name_en text,
    -- Where it came from: 'osm' (with the OSM element id in source_id), a file name, or 'generated'.
    source text not null default 'osm',
    source_id text,
    geom geometry(Geometry, 4326) not null
);
create index basemap_feature_geom on basemap_feature using gist (geom);
create index basemap_feature_kind on basemap_feature (kind, class);

insert into data_change (table_name) values ('basemap_feature');
create trigger data_change after insert or update or delete or truncate on basemap_feature for each statement execute function data_change_bump();
