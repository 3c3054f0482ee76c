-- Staging table for a street import; dropped at the end of the transaction.
create temp table import_street (
    i       int primary key,        -- feature index in the file
    code    text not null,
    name_zh text not null,
    name_en text not null,
    geom    geometry(MultiPolygon, 4326) not null
) on commit drop
