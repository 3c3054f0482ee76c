-- One row of the audit log: $1 actor, $2 action, $3 entity, $4 entity id, $5 before and $6 after (JSON),
-- $7 the client address (null outside a request).
insert into audit_log (actor, action, entity, entity_id, before, after, client) values ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7)
