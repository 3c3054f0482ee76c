-- 0029: a move request's idempotency key (issue 18). A grid worker's phone keeps a move made offline
-- and sends it again until it gets an answer; the key, generated on the phone, makes a retried move apply
-- once: the first request that carries it moves the household and records the answer here, in the same
-- transaction; a request with a key already recorded gets that answer back and changes nothing.
-- Keys are per signed-in account (actor), so one account cannot replay or probe another's keys.
create table household_move_request (
    actor          text        not null,
    key            uuid        not null,
    household_id   bigint      not null references household (id) on delete cascade,
    from_grid_id   int,
    from_grid_code text,
    to_grid_id     int         not null,
    to_grid_code   text        not null,
    reason         text        not null,
    at             timestamptz not null default now(),
    primary key (actor, key)
);
create index household_move_request_household_idx on household_move_request (household_id);
