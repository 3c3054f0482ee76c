-- What demo is loaded: {scale, seed, generatorVersion, id ranges, ...} or no row.
select value::text from dataset_meta where key = 'demo';
