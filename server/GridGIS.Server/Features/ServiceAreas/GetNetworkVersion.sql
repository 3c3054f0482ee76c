-- A cheap fingerprint of the walking network: counts, highest ids and the import version.
-- Any import, replacement or edit changes at least one of them.
select (select count(*) from walk_node) as nodes,
       (select coalesce(max(id), 0) from walk_node) as max_node,
       (select count(*) from walk_edge) as edges,
       (select coalesce(max(id), 0) from walk_edge) as max_edge,
       coalesce((select value::text from dataset_meta where key = 'walk_network_version'), '') as version;
