-- Webhooks (Standard Webhooks). Secrets: one per organisation, created on first use; during a rotation
-- the previous secret keeps signing until previous_secret_expires_at, so receivers can switch over.
alter table organizations add column webhook_secret text;
alter table organizations add column webhook_previous_secret text;
alter table organizations add column webhook_previous_secret_expires_at timestamptz;

-- One row per event to deliver: the outbox. It is inserted in the transaction that completes or fails
-- the job, so a crash between that commit and the queue send loses nothing (the sweeper sends it).
create table webhook_messages (
    id                text primary key,            -- msg_...: the webhook-id header, the same for every retry
    transcription_id  text not null references transcriptions (id),
    organization_id   text not null,               -- no foreign key into the hot organisation row: see V3_1
    event_type        text not null check (event_type in ('transcription.completed', 'transcription.failed')),
    url               text not null,
    payload           text not null,
    state             text not null check (state in ('pending', 'delivered', 'failed', 'disabled')),
    -- every claim of an attempt increments it; a queue message names the value it was sent for, so a
    -- duplicate or stale message claims nothing
    attempts          integer not null default 0,
    -- position in the retry schedule; a redelivery starts it again
    schedule_step     integer not null default 0,
    next_attempt_at   timestamptz not null,
    -- an attempt in flight holds the message until then
    leased_until      timestamptz,
    -- the last time a queue message was sent for it (null: never acknowledged by the queue)
    enqueued_at       timestamptz,
    delivered_at      timestamptz,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    constraint one_message_per_event unique (transcription_id, event_type)
);
create index webhook_messages_due on webhook_messages (next_attempt_at) where state = 'pending';

-- Every attempt, as the customer sees it in GET .../webhook-deliveries.
create table webhook_deliveries (
    id                text primary key,
    message_id        text not null references webhook_messages (id),
    transcription_id  text not null references transcriptions (id),
    attempt           integer not null,
    attempted_at      timestamptz not null,
    url               text not null,
    status_code       integer,
    latency_ms        bigint not null,
    outcome           text not null check (outcome in ('delivered', 'retrying', 'failed', 'disabled')),
    error             text
);
create index webhook_deliveries_transcription on webhook_deliveries (transcription_id, attempted_at, id);
