-- How many households the caller may see match the filter of ListHouseholds.sql ($1..$4 and $5 grid id as there $1..$4 and $12).
select count(*)
  from household h
  left join grid g on g.id = h.grid_id
 where ($1 or g.worker_id = (select w.id from grid_worker w where w.user_name = $2))
   and ($5::int is null or h.grid_id = $5)
   and (($3::text is null and $4::bigint is null) or h.address ilike $3 escape '\' or h.id = $4)
