-- One row of the audit log. $1 actor; $2 action; $3 entity; $4 entity id or null; $5, $6 the entity
-- before and after as JSON text, or null.
insert into audit_log (actor, action, entity, entity_id, before, after) values ($1, $2, $3, $4, $5::jsonb, $6::jsonb)
