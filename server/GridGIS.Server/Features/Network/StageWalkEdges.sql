-- Staging table for a walking-network import; dropped at the end of the transaction.
create temp table import_walk_edge (
    i      int primary key,
    source bigint not null,
    target bigint not null,
    oneway boolean not null,
    kind   text not null,
    geom   geometry(LineString, 4326) not null
) on commit drop
