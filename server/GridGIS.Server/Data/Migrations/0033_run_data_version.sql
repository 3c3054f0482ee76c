-- 0033: the version of the data a coverage run reads, defined once. A run stores it (Features/Coverage/CreateRun.sql);
-- scenarios check their base run against it (Features/Siting/GetRunForSiting.sql); the privacy rule compares runs
-- of the same data by it (Features/Coverage/ListUnitResults.sql). It names exactly the tables a run reads: a table
-- that is no input (the basemap, the runs' own counter, whatever is counted later) must not move it, else two runs of
-- the same households look like different data and the rule's comparison of runs of the same data stops applying.
create function coverage_data_version() returns jsonb language sql stable as $$
    select coalesce((select jsonb_object_agg(table_name, version) from data_change
                      where table_name in ('street', 'community', 'grid', 'household', 'facility_category', 'facility')), '{}'::jsonb)
           || jsonb_build_object('dataset', (select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) from dataset_meta))
$$;

-- The walking network's part: its nodes' and edges' counters.
create function coverage_network_version() returns jsonb language sql stable as $$
    select jsonb_object_agg(table_name, version) from data_change where table_name in ('walk_node', 'walk_edge')
$$;
