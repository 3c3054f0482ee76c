-- Foreign residents per household and nationality (ISO 3166 alpha-2) for language-aware coverage: only households with
-- foreign residents, only whole-number counts (the column's documented form).
select h.id, n.key, (n.value #>> '{}')::int
from household h
cross join lateral jsonb_each(h.nationalities) n
where h.foreign_residents > 0 and jsonb_typeof(n.value) = 'number'
