-- Benchmark: what data is loaded, for the report ("generated Chaoyang demo, scale S, seed N" or "not the demo").
select coalesce((select 'generated Chaoyang demo, scale ' || (value->>'scale') || ', seed ' || (value->>'seed') from dataset_meta where key = 'demo'), 'not the demo')
