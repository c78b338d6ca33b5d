-- Progress a customer can watch: percent of the audio recognised (never lowered, see JobProgress),
-- and when it last moved, to extrapolate an estimated completion time.
alter table transcriptions add column progress smallint not null default 0 check (progress between 0 and 100);
alter table transcriptions add column progress_updated_at timestamptz;

-- Per-organisation limits set by the operator; null means the deployment's default
-- (transcribe.limits.max-concurrent-jobs, transcribe.limits.submits-per-minute).
alter table organizations add column max_concurrent_jobs integer check (max_concurrent_jobs between 1 and 1000);
alter table organizations add column submits_per_minute integer check (submits_per_minute between 1 and 1000000);

-- The claim counts an organisation's processing jobs under an advisory lock.
create index transcriptions_org_processing on transcriptions (organization_id) where status = 'processing';

-- Submit rate limit: one counter per organisation and minute, shared by every API instance
-- (Lambda functions keep no state between invocations).
create table submit_rate_windows (
    organization_id  text not null,  -- no foreign key into the hot organisation row: see V3_1
    window_start     timestamptz not null,
    submits          integer not null,
    primary key (organization_id, window_start)
);

-- The submit's request id, so the worker's log lines about a job carry the request that created it.
alter table transcriptions add column request_id text;
