-- A facility category's walk threshold, for a report's legend: $1 category code. Minutes, and metres where the category sets a distance instead.
select walk_minutes::float8, walk_metres::float8 from facility_category where code = $1;
