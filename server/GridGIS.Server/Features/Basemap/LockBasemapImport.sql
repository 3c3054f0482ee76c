-- Basemap imports one at a time (held to the end of the transaction).
select pg_advisory_xact_lock(hashtext('gridgis.basemap-import'))
