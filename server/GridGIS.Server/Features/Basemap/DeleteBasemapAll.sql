-- Basemap import with replace=all: every stored basemap feature goes. Returns the count.
with gone as (delete from basemap_feature returning 1)
select count(*) from gone
