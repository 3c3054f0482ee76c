-- Basemap import: the staged features, source 'osm'. Returns (kind, count) per kind written.
with written as (
    insert into basemap_feature (kind, class, name, name_zh, name_en, source, source_id, geom)
    select kind, class, name, name_zh, name_en, 'osm', source_id, geom from import_basemap
    returning kind
)
select kind, count(*) from written group by kind order by kind
