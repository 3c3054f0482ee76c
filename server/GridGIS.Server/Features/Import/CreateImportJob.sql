-- A queued background import. $1 id, $2 kind, $3 actor, $4 request (jsonb), $5 payload, $6 created at.
insert into import_job (id, kind, actor, request, payload, created_at)
values ($1, $2, $3, $4, $5, $6)
