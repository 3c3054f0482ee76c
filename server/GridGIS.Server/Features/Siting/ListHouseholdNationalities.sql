-- Households with foreign residents by nationality (ISO 3166 alpha-2 -> persons), as JSON text: for suggestions weighted by a language group.
select id, nationalities::text from household where nationalities <> '{}'::jsonb
