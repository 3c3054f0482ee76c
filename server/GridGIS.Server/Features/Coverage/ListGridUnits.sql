-- Every grid's community and that community's street (0 when missing), to complete the households' units.
select g.id, coalesce(g.community_id, 0), coalesce(c.street_id, 0)
from grid g
left join community c on c.id = g.community_id
