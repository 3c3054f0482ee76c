-- Saves one part's results and marks the part complete, in one statement. Written only when the
-- part was not complete yet: a retried part (or a duplicate execution, which waits here on the
-- part's row lock and then finds it complete) writes nothing. Returns the number of rows written.
-- $1 run, $2 part (category), $3 finished at, $4 worker, $5 load seconds, $6 compute seconds,
-- units $7..$15, facility loads $16..$22, gaps $23..$29 (parallel arrays); language results $30..$38, language gaps
-- $39..$43, staffing plan steps $44..$50, equity $51..$54 (PartLanguageParameters).
with part as (
    update coverage_part set state = 'complete', finished_at = $3, worker = $4, seconds_load = $5, seconds_compute = $6
    where run_id = $1 and part = $2 and state <> 'complete'
      and exists (select 1 from coverage_run where id = $1 and state = 'running')
    returning run_id, part
), units as (
    insert into coverage_unit_result (run_id, category_code, level, unit_id, households, households_covered,
                                      residents, residents_covered, foreign_residents, foreign_covered, accessibility)
    select part.run_id, part.part, u.*
    from part, unnest($7::text[], $8::int[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[],
                      $13::bigint[], $14::bigint[], $15::float8[]) as u
    returning 1
), loads as (
    insert into coverage_facility_load (run_id, category_code, facility_id, households, residents, capacity,
                                        load_ratio, overloaded, supply_ratio)
    select part.run_id, part.part, f.*
    from part, unnest($16::int[], $17::bigint[], $18::bigint[], $19::int[], $20::float8[], $21::bool[], $22::float8[]) as f
    returning 1
), gaps as (
    insert into coverage_gap (run_id, category_code, gap_no, geom, area_m2, households, households_not_covered,
                              residents, foreign_residents)
    select part.run_id, part.part, g.no, st_setsrid(st_geomfromwkb(g.wkb), 4326), g.area, g.hh, g.nc, g.res, g.fr
    from part, unnest($23::int[], $24::bytea[], $25::float8[], $26::bigint[], $27::bigint[], $28::bigint[], $29::bigint[])
               as g (no, wkb, area, hh, nc, res, fr)
    returning 1
), language_units as (
    insert into coverage_language_result (run_id, category_code, level, unit_id, language, households, households_covered,
                                          households_in_language, persons, persons_covered, persons_in_language)
    select part.run_id, part.part, u.*
    from part, unnest($30::text[], $31::int[], $32::text[], $33::bigint[], $34::bigint[], $35::bigint[], $36::bigint[],
                      $37::bigint[], $38::bigint[]) as u
    returning 1
), language_gaps as (
    insert into coverage_language_gap (run_id, category_code, gap_no, language, geom, households, persons)
    select part.run_id, part.part, g.no, g.lang, st_setsrid(st_geomfromwkb(g.wkb), 4326), g.hh, g.persons
    from part, unnest($39::int[], $40::text[], $41::bytea[], $42::bigint[], $43::bigint[]) as g (no, lang, wkb, hh, persons)
    returning 1
), staffing as (
    insert into coverage_language_staffing (run_id, category_code, shown, step, facility_id, language, persons, households, unserved)
    select part.run_id, part.part, s.*
    from part, unnest($44::bool[], $45::int[], $46::int[], $47::text[], $48::bigint[], $49::bigint[], $50::bigint[]) as s
    returning 1
), equity as (
    insert into coverage_equity (run_id, category_code, level, unit_id, gini, palma)
    select part.run_id, part.part, e.*
    from part, unnest($51::text[], $52::int[], $53::float8[], $54::float8[]) as e
    returning 1
), progress as (
    -- Parts share the percentage up to 95; assembling takes the run to 100.
    update coverage_run set progress = least(95, 95.0 * (
        (select count(*) from coverage_part where run_id = $1 and state = 'complete') + (select count(*) from part))
        / greatest(1, (select count(*) from coverage_part where run_id = $1)))
    where id = $1 and exists (select 1 from part)
)
select (select count(*) from part), (select count(*) from units), (select count(*) from loads), (select count(*) from gaps),
       (select count(*) from language_units), (select count(*) from language_gaps), (select count(*) from staffing),
       (select count(*) from equity)
