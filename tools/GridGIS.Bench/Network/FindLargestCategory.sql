-- Benchmark: the facility category with the most facilities (ties: the first code).
select category_code from facility group by 1 order by count(*) desc, 1 limit 1
