-- Deletes scenario $1 and its edits; its name for the audit log.
delete from scenario where id = $1 returning name
