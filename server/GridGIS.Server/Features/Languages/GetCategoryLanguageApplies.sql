-- Whether language applies to a category ($1 code); no row when there is no such category.
select language_applies from facility_category where code = $1
