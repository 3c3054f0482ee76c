-- One import at a time per database (held to the end of the transaction): node ids and code checks stay consistent.
select pg_advisory_xact_lock(hashtext('gridgis.import'))
