-- Every unit's level, id, code, name and parent (grid: its community, community: its street, street: 0 = the district).
select 'street', id, code, name_zh, 0 from street
union all select 'community', id, code, name_zh, street_id from community
union all select 'grid', id, code, name, community_id from grid
