-- 0006: coverage runs (nightly analysis on Hangfire) and their results, kept per run for history.
-- A run fans out into parts (one per facility category); each part writes its rows once, in the same
-- transaction that marks the part complete, so a part retried after a crash never writes twice.
-- The API serves the latest run whose state is 'complete': a failed or interrupted run never
-- replaces the last good results.

create table coverage_run (
    id          bigserial primary key,
    parameters  jsonb not null check (jsonb_typeof(parameters) = 'object'),   -- speed, thresholds, versions
    mode        text  not null check (mode in ('network', 'euclidean')),
    trigger     text  not null check (length(trigger) between 1 and 100),     -- nightly, api:<user>, cli, startup
    state       text  not null default 'queued' check (state in ('queued', 'running', 'complete', 'failed')),
    progress    double precision not null default 0 check (progress between 0 and 100),  -- percent
    no_op       boolean not null default false,        -- bookkeeping only (measures Hangfire's own overhead)
    created_at  timestamptz not null,
    started_at  timestamptz,
    finished_at timestamptz,
    error       text,
    check (state <> 'complete' or finished_at is not null)
);
create index coverage_run_complete_idx on coverage_run (id desc) where state = 'complete';

-- A part of a run: one facility category. Its results exist iff state = 'complete'.
create table coverage_part (
    run_id      bigint not null references coverage_run (id) on delete cascade,
    part        text   not null,                       -- facility category code
    state       text   not null default 'queued' check (state in ('queued', 'running', 'complete', 'failed')),
    attempts    int    not null default 0,
    worker      text,                                  -- the Hangfire server that completed it
    started_at  timestamptz,
    finished_at timestamptz,
    seconds_load double precision, seconds_compute double precision,
    error       text,
    primary key (run_id, part)
);

-- Coverage per unit and category. level: grid | community | street | district (unit_id 0).
create table coverage_unit_result (
    run_id             bigint not null references coverage_run (id) on delete cascade,
    category_code      text   not null,
    level              text   not null check (level in ('grid', 'community', 'street', 'district')),
    unit_id            int    not null,
    households         bigint not null check (households >= 0),
    households_covered bigint not null check (households_covered between 0 and households),
    residents          bigint not null check (residents >= 0),
    residents_covered  bigint not null check (residents_covered between 0 and residents),
    foreign_residents  bigint not null check (foreign_residents >= 0),
    foreign_covered    bigint not null check (foreign_covered between 0 and foreign_residents),
    accessibility      double precision,                -- E2SFCA, residents-weighted mean (capacity per resident)
    primary key (run_id, category_code, level, unit_id)
);

-- Per facility: households and residents within its service area against its capacity.
create table coverage_facility_load (
    run_id        bigint not null references coverage_run (id) on delete cascade,
    category_code text   not null,
    facility_id   int    not null,
    households    bigint not null,
    residents     bigint not null,
    capacity      int,
    load_ratio    double precision,                      -- residents / capacity
    overloaded    boolean,
    supply_ratio  double precision,                      -- E2SFCA step 1: capacity / decayed residents
    primary key (run_id, facility_id)
);

-- Service gaps: residential area (union of grids) outside every service area of the category.
create table coverage_gap (
    run_id          bigint not null references coverage_run (id) on delete cascade,
    category_code   text   not null,
    gap_no          int    not null,                     -- 1 = most households
    geom            geometry(Polygon, 4326) not null,
    area_m2         double precision not null,
    households      bigint not null,
    households_not_covered bigint not null,
    residents       bigint not null,
    foreign_residents bigint not null,
    primary key (run_id, category_code, gap_no)
);
create index coverage_gap_geom_idx on coverage_gap using gist (geom);
