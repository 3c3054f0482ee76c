-- What the Wangjing step of the demo last did: the demo load it placed households for (dataset_meta 'demo-wangjing'), or no row.
select value ->> 'demo' from dataset_meta where key = 'demo-wangjing'
