-- Serialises the starts of background imports (the count below and the insert after it), for this transaction.
select pg_advisory_xact_lock(hashtext('gridgis.import_job'))
