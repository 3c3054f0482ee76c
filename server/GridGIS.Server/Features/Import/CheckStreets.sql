-- Street import, checks that need stored data. $1 replace (bool). Rows: feature index, field, message.
select s.i, 'code' as field,
       format('street %s already exists (id %s); import with mode=replace to update it', s.code, t.id) as message
  from import_street s
  join street t on t.code = s.code
 where not $1
 order by s.i
