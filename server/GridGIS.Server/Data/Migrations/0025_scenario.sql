-- 0025: scenarios (情景): named edits (add, move, close facilities) over a complete coverage run, kept apart from the
-- real facility table, which a scenario never changes. Evaluated in memory (Core/Siting) on demand.
create table scenario (
    id          bigint generated always as identity primary key,
    name        text not null check (length(name) between 1 and 200),
    -- the complete run the scenario's figures are compared with (its per-category reach is the base)
    run_id      bigint not null references coverage_run (id) on delete cascade,
    created_by  text not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now()
);
create index scenario_run on scenario (run_id);

-- One edit of a scenario, applied in seq order. facility_id: a real facility's id (> 0) for move and close, or the
-- scenario's own added facility (< 0: -1, -2, ... in the order added; never a real id). geom and capacity: the
-- added facility's, or a move's new point (and capacity when it changes).
create table scenario_edit (
    scenario_id   bigint not null references scenario (id) on delete cascade,
    seq           int not null check (seq >= 1),
    kind          text not null check (kind in ('add', 'move', 'close')),
    category_code text not null references facility_category (code) on delete cascade,
    facility_id   int not null check (facility_id <> 0),
    geom          geometry(Point, 4326),
    capacity      int check (capacity >= 0),
    label         text check (length(label) <= 200),
    created_at    timestamptz not null default now(),
    primary key (scenario_id, seq),
    check ((kind = 'close') = (geom is null)),
    check (kind <> 'add' or facility_id < 0)
);
