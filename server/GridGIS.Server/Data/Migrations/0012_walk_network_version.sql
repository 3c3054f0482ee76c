-- 0012: the walking network has one version, its tables' change counters (data_change, migration 0011), which every
-- write statement on walk_node or walk_edge moves. The older key dataset_meta 'walk_network_version', written by the
-- network imports for the service areas' cache, is read by nothing any more.
delete from dataset_meta where key = 'walk_network_version';
