-- Staging table for a community import; dropped at the end of the transaction.
create temp table import_community (
    i           int primary key,
    code        text not null,
    street_code text not null,
    name_zh     text not null,
    name_en     text,
    geom        geometry(MultiPolygon, 4326) not null
) on commit drop
