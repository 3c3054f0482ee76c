-- Staging table for a basemap import; dropped at the end of the transaction.
create temp table import_basemap (
    kind      text not null,
    class     text not null,
    name      text,
    name_zh   text,
    name_en   text,
    source_id text not null,
    geom      geometry(Geometry, 4326) not null
) on commit drop
