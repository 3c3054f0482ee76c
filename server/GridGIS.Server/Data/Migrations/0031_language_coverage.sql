-- 0031: language-aware coverage (issue 19). A category says whether the language spoken at its facilities matters to
-- whether a resident is served (a health station: yes; a food market: no). Beside each run's physical coverage, per
-- category where language applies: foreign residents covered and covered in their language per unit and language
-- ('all' for every language), the language gaps, and the greedy staffing plans; per category the spread of
-- accessibility (Gini, Palma) per street and for the district. Written by SavePart.sql with the rest of a part.
alter table facility_category add column language_applies boolean not null default true;
update facility_category set language_applies = false where code = 'food_market';

create table coverage_language_result (
    run_id          bigint not null references coverage_run (id) on delete cascade,
    category_code   text   not null,
    level           text   not null check (level in ('grid', 'community', 'street', 'district')),
    unit_id         int    not null,
    language        text   not null check (language = 'all' or language ~ '^[a-z]{2}$'),
    households      bigint not null check (households >= 0),
    households_covered bigint not null check (households_covered between 0 and households),
    households_in_language bigint not null check (households_in_language between 0 and households_covered),
    persons         bigint not null check (persons >= 0),
    persons_covered bigint not null check (persons_covered between 0 and persons),
    persons_in_language bigint not null check (persons_in_language between 0 and persons_covered),
    primary key (run_id, category_code, level, unit_id, language)
);

create table coverage_language_gap (
    run_id        bigint not null references coverage_run (id) on delete cascade,
    category_code text   not null,
    gap_no        int    not null,                     -- 1 = most households, over every language
    language      text   not null check (language ~ '^[a-z]{2}$'),
    geom          geometry(Polygon, 4326) not null,
    households    bigint not null check (households > 0),
    persons       bigint not null check (persons >= 0),
    primary key (run_id, category_code, gap_no)
);
create index coverage_language_gap_geom_idx on coverage_language_gap using gist (geom);

-- A staffing plan's steps; shown = computed with steps of at least 5 households (what non-administrators see).
create table coverage_language_staffing (
    run_id        bigint not null references coverage_run (id) on delete cascade,
    category_code text   not null,
    shown         boolean not null,
    step          int    not null check (step >= 1),
    facility_id   int    not null,
    language      text   not null check (language ~ '^[a-z]{2}$'),
    persons       bigint not null check (persons > 0),
    households    bigint not null check (households > 0),
    unserved      bigint not null check (unserved >= 0),     -- persons not served in their language before any step
    primary key (run_id, category_code, shown, step)
);

create table coverage_equity (
    run_id        bigint not null references coverage_run (id) on delete cascade,
    category_code text   not null,
    level         text   not null check (level in ('street', 'district')),
    unit_id       int    not null,
    gini          double precision check (gini between 0 and 1),
    palma         double precision check (palma >= 0),
    primary key (run_id, category_code, level, unit_id)
);
