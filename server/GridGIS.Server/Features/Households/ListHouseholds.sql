-- The households the caller may see, filtered and sorted, one page by keyset (sort key, then id).
-- $1 caller is administrator; $2 caller's sign-in name (a grid worker sees the grids whose worker is linked to it);
-- $3 address pattern for ILIKE (escaped, with %: null for no search); $4 household id searched (null: none);
-- $5 sort: id | address | grid | residents | foreign_residents; $6 descending;
-- $7 after: the cursor is set; $8, $9, $10 the last row's text key, number key and id; $11 page size; $12 grid id (null: all).
-- Text keys compare in the "C" collation (code point order), so that the keyset order is total and stable.
with scoped as (
    select h.id, h.grid_id, g.code as grid_code, h.address, h.residents, h.foreign_residents, h.nationalities::text as nationalities,
           st_x(h.geom) as lon, st_y(h.geom) as lat, h.generated,
           (case $5 when 'address' then coalesce(h.address, '') when 'grid' then coalesce(g.code, '') else '' end) collate "C" as kt,
           (case $5 when 'residents' then h.residents when 'foreign_residents' then h.foreign_residents else 0 end)::bigint as kn
      from household h
      left join grid g on g.id = h.grid_id
     where ($1 or g.worker_id = (select w.id from grid_worker w where w.user_name = $2))
       and ($12::int is null or h.grid_id = $12)
       and (($3::text is null and $4::bigint is null) or h.address ilike $3 escape '\' or h.id = $4)
)
select id, grid_id, grid_code, address, residents, foreign_residents, nationalities, lon, lat, generated, kt, kn
  from scoped
 where not $7
    or (not $6 and (kt, kn, id) > ($8::text collate "C", $9::bigint, $10::bigint))
    or ($6 and (kt, kn, id) < ($8::text collate "C", $9::bigint, $10::bigint))
 order by case when not $6 then kt end, case when not $6 then kn end, case when not $6 then id end,
          kt desc, kn desc, id desc
 limit $11
