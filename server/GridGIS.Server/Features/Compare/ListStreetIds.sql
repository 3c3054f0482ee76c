-- The ids of the streets with codes $1 (text[]).
select id from street where code = any($1)
