-- Walking-network nodes remember the OpenStreetMap node they come from (null for nodes of other origin, and for
-- the two sides of a barrier that stops pedestrians) and their level (0 on the ground, a bridge's or tunnel's layer
-- otherwise), so that a later OSM import in join mode merges shared OSM nodes and never joins a bridge to what it
-- crosses.
alter table walk_node add column osm_id bigint, add column level smallint not null default 0;
create index walk_node_osm_id_idx on walk_node (osm_id) where osm_id is not null;
