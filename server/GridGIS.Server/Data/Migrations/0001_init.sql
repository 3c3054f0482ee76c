-- 0001: the core schema. Geometries in EPSG:4326 (WGS84 lon/lat); metric work happens in Core.
-- Forward-only: later changes go in new numbered files, never edits here.

create extension if not exists postgis;

-- Street (街道): one of a district's sub-districts.
create table street (
    id            serial primary key,
    code          text not null unique check (code ~ '^[0-9]{9}$'),      -- national 9-digit code
    name_zh       text not null check (length(name_zh) between 1 and 100),
    name_en       text not null check (length(name_en) between 1 and 100),
    geom          geometry(MultiPolygon, 4326) not null
                  check (not st_isempty(geom) and st_isvalid(geom)),
    geometry_note text not null default 'imported'                       -- e.g. 'generated, approximate'
);
create index street_geom_idx on street using gist (geom);

-- Figures as published (2010 Chaoyang table), kept exactly, apart from anything generated.
create table street_published_population (
    street_id               int primary key references street (id) on delete cascade,
    source                  text not null,
    year                    int  not null,
    registered_total        int  not null check (registered_total >= 0),
    registered_local        int  not null check (registered_local >= 0),
    registered_elsewhere_in_beijing int not null check (registered_elsewhere_in_beijing >= 0),
    migrant_total           int  not null check (migrant_total >= 0),
    migrant_with_permit     int  not null check (migrant_with_permit >= 0),
    migrant_without_permit  int  not null check (migrant_without_permit >= 0),
    foreign_residents       int  not null check (foreign_residents >= 0),
    total                   int  not null check (total >= foreign_residents)
);

-- Community (社区): residents' committee area inside one street.
create table community (
    id        serial primary key,
    code      text not null unique check (code ~ '^[0-9]{12}$'),        -- national 12-digit code
    street_id int  not null references street (id) on delete cascade,
    name_zh   text not null check (length(name_zh) between 1 and 100),
    name_en   text,
    geom      geometry(MultiPolygon, 4326) not null check (not st_isempty(geom) and st_isvalid(geom))
);
create index community_geom_idx on community using gist (geom);
create index community_street_idx on community (street_id);

-- Grid worker (网格员) and the languages they speak (ISO 639-1: zh, en, ko, ja, ...).
create table grid_worker (
    id        serial primary key,
    name      text not null check (length(name) between 1 and 100),
    languages text[] not null default '{zh}',
    user_name text unique                                              -- their sign-in, if any
);

-- Grid (网格): a management cell of a few hundred households. The 15-digit code follows Beijing's
-- grid standard: district 6 + street 3 + community 3 + grid 3 digits.
create table grid (
    id           serial primary key,
    code         text not null unique check (code ~ '^[0-9]{15}$'),
    community_id int  not null references community (id) on delete cascade,
    kind         text not null default 'ordinary' check (kind in ('ordinary', 'foreign_resident')),
    name         text,
    worker_id    int references grid_worker (id) on delete set null,
    geom         geometry(MultiPolygon, 4326) not null check (not st_isempty(geom) and st_isvalid(geom))
);
create index grid_geom_idx on grid using gist (geom);
create index grid_community_idx on grid (community_id);

-- Household (户): a point with its residents; nationalities counts foreign residents per ISO 3166
-- alpha-2 code, e.g. {"KR": 2, "US": 1}.
create table household (
    id                bigserial primary key,
    geom              geometry(Point, 4326) not null check (not st_isempty(geom)),
    address           text check (length(address) <= 300),
    residents         int  not null check (residents >= 0),
    foreign_residents int  not null default 0 check (foreign_residents >= 0 and foreign_residents <= residents),
    nationalities     jsonb not null default '{}'::jsonb check (jsonb_typeof(nationalities) = 'object'),
    grid_id           int references grid (id) on delete set null,
    street_id         int references street (id) on delete set null,
    generated         boolean not null default false
);
create index household_geom_idx on household using gist (geom);
create index household_grid_idx on household (grid_id);
create index household_street_idx on household (street_id);

-- Facility category (设施类别): walk-time threshold in minutes (default 15), or a distance in metres
-- for categories measured that way (primary school 500 m, kindergarten 300 m).
create table facility_category (
    code          text primary key check (code ~ '^[a-z][a-z0-9_]{1,40}$'),
    name_zh       text not null,
    name_en       text not null,
    walk_minutes  numeric not null default 15 check (walk_minutes > 0 and walk_minutes <= 120),
    walk_metres   numeric check (walk_metres > 0 and walk_metres <= 10000),
    walk_speed_kmh numeric not null default 4.0 check (walk_speed_kmh > 0 and walk_speed_kmh <= 20)
);

-- Facility (设施).
create table facility (
    id            serial primary key,
    category_code text not null references facility_category (code),
    name          text not null check (length(name) between 1 and 200),
    geom          geometry(Point, 4326) not null check (not st_isempty(geom)),
    capacity      int check (capacity >= 0),
    languages     text[] not null default '{zh}',
    street_id     int references street (id) on delete set null,
    generated     boolean not null default false
);
create index facility_geom_idx on facility using gist (geom);
create index facility_category_idx on facility (category_code);

-- Walking network: nodes and undirected (or one-way) edges; length in metres along the geometry.
create table walk_node (
    id   bigint primary key,
    geom geometry(Point, 4326) not null
);
create index walk_node_geom_idx on walk_node using gist (geom);

create table walk_edge (
    id       bigserial primary key,
    source   bigint not null references walk_node (id),
    target   bigint not null references walk_node (id),
    length_m double precision not null check (length_m >= 0),
    oneway   boolean not null default false,                 -- true: walkable source -> target only
    kind     text not null default 'path',                   -- arterial, street, path, gate, imported
    geom     geometry(LineString, 4326) not null check (not st_isempty(geom))
);
create index walk_edge_geom_idx on walk_edge using gist (geom);
create index walk_edge_source_idx on walk_edge (source);
create index walk_edge_target_idx on walk_edge (target);

-- Audit log: every write, who, what, when, before and after.
create table audit_log (
    id        bigserial primary key,
    at        timestamptz not null default now(),
    actor     text not null,
    action    text not null,
    entity    text not null,
    entity_id text,
    before    jsonb,
    after     jsonb
);
create index audit_log_entity_idx on audit_log (entity, entity_id);

-- What is loaded: the demo's seed and scale, data versions. Key/value.
create table dataset_meta (
    key   text primary key,
    value jsonb not null
);
