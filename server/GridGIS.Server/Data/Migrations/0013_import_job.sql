-- Background imports (?async=true) as Hangfire jobs: their state and percentage live here, so any
-- server process reports them and a restart forgets nothing. The uploaded file waits in `payload`
-- until the job ends and is then dropped (a household file is personal data); the answer stays in
-- `body` (the counts, or the ProblemDetails of a rejection) for an hour after the job ends.
create table import_job (
    id              uuid primary key,
    kind            text not null,                      -- a layer name (streets, ..., network) or 'households'
    actor           text not null,
    state           text not null default 'queued'
                    check (state in ('queued', 'running', 'complete', 'failed', 'cancelled')),
    percent         double precision not null default 0 check (percent between 0 and 100),
    stage           text not null default 'queued',
    request         jsonb not null,                     -- layer, format, crs, mode, file name
    payload         bytea,
    status          integer,                            -- the status the waiting request would have had
    body            jsonb,
    cancel_requested boolean not null default false,
    worker          text,
    created_at      timestamptz not null,
    started_at      timestamptz,
    finished_at     timestamptz
);
create index import_job_active on import_job (state) where state in ('queued', 'running');
