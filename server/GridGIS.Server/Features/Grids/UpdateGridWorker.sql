-- $1 name; $2 language codes; $3 linked user name or null; $4 worker id. No row when there is no such
-- worker; fails (unique) when the user name is linked to another worker.
update grid_worker set name = $1, languages = $2, user_name = $3 where id = $4 returning id
