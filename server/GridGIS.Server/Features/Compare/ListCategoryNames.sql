-- Facility category names, by code.
select code, name_zh, name_en from facility_category order by code;
