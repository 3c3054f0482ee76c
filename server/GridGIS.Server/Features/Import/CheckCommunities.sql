-- Community import, checks that need stored data. $1 replace (bool); $2 the largest share of a
-- community's area allowed outside its street (0..1). Rows: feature index, field, message.
select c.i, 'code' as field, format('community %s already exists (id %s); import with mode=replace to update it', c.code, t.id) as message
  from import_community c join community t on t.code = c.code
 where not $1
union all
select c.i, 'code', format('street %s (the first 9 digits of code %s) does not exist; import the streets first', c.street_code, c.code)
  from import_community c
 where not exists (select 1 from street s where s.code = c.street_code)
union all
select c.i, 'geometry', format('%s%% of the community lies outside its street %s (at most %s%% allowed)',
                               round(100 * outside / nullif(area, 0))::numeric, street_code, round(100 * $2::numeric, 1))
  from (select c.i, c.street_code, st_area(c.geom::geography) as area,
               st_area(st_difference(c.geom, s.geom)::geography) as outside
          from import_community c join street s on s.code = c.street_code) c
 where outside > $2 * area
order by 1, 2
