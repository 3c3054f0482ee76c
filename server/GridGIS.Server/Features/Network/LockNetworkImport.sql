-- One import at a time per database (the same lock as the layer import), held to the end of the transaction.
select pg_advisory_xact_lock(hashtext('gridgis.import'));
