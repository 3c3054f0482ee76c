-- Which of the codes $1 (text[]) are facility categories.
select coalesce(array_agg(code), '{}') from facility_category where code = any ($1)
