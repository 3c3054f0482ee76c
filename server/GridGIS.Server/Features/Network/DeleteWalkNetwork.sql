-- A network import that replaces the stored network (GeoJSON/CSV mode=replace, import-osm --replace): removes every
-- stored edge, then every node. Returns (edges, nodes) removed.
with gone_edges as (delete from walk_edge returning 1),
     gone_nodes as (delete from walk_node where (select count(*) from gone_edges) >= 0 returning 1)
select (select count(*) from gone_edges), (select count(*) from gone_nodes)
