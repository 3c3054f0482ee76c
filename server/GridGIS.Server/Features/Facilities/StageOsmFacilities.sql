-- Staging table for an OSM facility import; dropped at the end of the transaction.
create temp table import_osm_facility (
    i         int primary key,
    category  text not null,
    name      text not null,
    name_zh   text,
    name_en   text,
    source_id text not null,
    capacity  int,
    geom      geometry(Point, 4326) not null,
    -- ISO 639-1 codes from language:xx tags (Core OsmLanguageTags: Chinese unless language:zh=no)
    languages text[] not null
) on commit drop
