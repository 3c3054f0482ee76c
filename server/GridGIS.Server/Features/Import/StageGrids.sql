-- Staging table for a grid import; dropped at the end of the transaction.
create temp table import_grid (
    i              int primary key,
    code           text not null,
    community_code text not null,
    kind           text not null,
    name           text,
    geom           geometry(MultiPolygon, 4326) not null
) on commit drop
