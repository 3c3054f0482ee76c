-- Staging table for a facility import; dropped at the end of the transaction.
create temp table import_facility (
    i         int primary key,
    category  text not null,
    name      text not null,
    geom      geometry(Point, 4326) not null,
    capacity  int,
    languages text[] not null
) on commit drop
