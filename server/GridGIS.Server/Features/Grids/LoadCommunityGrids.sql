-- Communities with their grids (left join: a community without grids is one big gap).
-- $1 community id or null for every community.
select c.id, c.code, c.name_zh, c.geom, g.id, g.code, g.geom
  from community c
  left join grid g on g.community_id = c.id
 where ($1::int is null or c.id = $1)
 order by c.id, g.code;
