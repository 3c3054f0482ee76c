-- Grid import, checks that need stored data. $1 replace (bool); $2 the largest share of a grid's area
-- allowed outside its community (0..1). Rows: feature index, field, message.
select g.i, 'code' as field, format('grid %s already exists (id %s); import with mode=replace to update it', g.code, t.id) as message
  from import_grid g join grid t on t.code = g.code
 where not $1
union all
select g.i, 'code', format('community %s (the first 12 digits of code %s) does not exist; import the communities first', g.community_code, g.code)
  from import_grid g
 where not exists (select 1 from community c where c.code = g.community_code)
union all
select g.i, 'geometry', format('%s%% of the grid lies outside its community %s (at most %s%% allowed)',
                               round(100 * outside / nullif(area, 0))::numeric, community_code, round(100 * $2::numeric, 1))
  from (select g.i, g.community_code, st_area(g.geom::geography) as area,
               st_area(st_difference(g.geom, c.geom)::geography) as outside
          from import_grid g join community c on c.code = g.community_code) g
 where outside > $2 * area
order by 1, 2
