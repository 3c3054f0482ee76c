-- Grid workers with their languages, sign-in name and the communities of their grids.
select w.id, w.name, w.languages, w.user_name,
       coalesce(array_agg(distinct g.community_id) filter (where g.community_id is not null), '{}'::int[])
  from grid_worker w
  left join grid g on g.worker_id = w.id
 group by w.id
 order by w.id;
