-- $1 name; $2 language codes; $3 linked user name or null. Fails (unique) when the user name is
-- linked to another worker.
insert into grid_worker (name, languages, user_name) values ($1, $2, $3) returning id
