-- $1 user name, $2 prefix, $3 key hash, $4 label. Fails (foreign key) when the account does not exist.
insert into api_key (user_name, prefix, key_hash, label)
values ($1, $2, $3, $4)
returning id, created_at
