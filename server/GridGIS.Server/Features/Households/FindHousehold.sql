-- One household the caller may see: its grid id and code (null: in no grid), figures and WGS84 point.
-- $1 household id; $2 caller is administrator; $3 caller's sign-in name.
-- A grid worker sees a household only when its grid's worker is linked to their sign-in.
select h.id, h.grid_id, g.code, h.address, h.residents, h.foreign_residents, h.nationalities::text,
       st_x(h.geom), st_y(h.geom), h.generated
  from household h
  left join grid g on g.id = h.grid_id
 where h.id = $1
   and ($2 or g.worker_id = (select w.id from grid_worker w where w.user_name = $3));
