-- JSON documents are stored as text and (de)serialised with Jackson in the domain.
-- Synapses are whole numbers. A balance only ever changes together with a ledger row, in one
-- transaction, and the check constraint makes an overdraft impossible whatever the code does.

create table organizations (
    id                  text primary key,
    name                text not null,
    pricing_multiplier  numeric(12, 6) not null default 1 check (pricing_multiplier > 0),
    balance             bigint not null default 0 constraint balance_never_negative check (balance >= 0),
    created_at          timestamptz not null default now()
);

create table api_keys (
    id               text primary key,
    organization_id  text not null references organizations (id),
    -- SHA-256 of the key: keys are 32 random bytes, so a fast hash is enough and lookups stay O(1)
    key_hash         text not null unique,
    key_prefix       text not null,
    name             text,
    created_at       timestamptz not null default now(),
    revoked_at       timestamptz
);
create index api_keys_organization on api_keys (organization_id);

create table transcriptions (
    id                   text primary key,
    organization_id      text not null references organizations (id),
    status               text not null check (status in ('queued', 'processing', 'completed', 'failed', 'cancelled')),
    model_key            text not null,
    language             text not null,
    priority             text not null check (priority in ('normal', 'high', 'urgent')),
    audio_url            text not null,
    options              text not null,
    audio_metadata       text not null,
    synapses_charged     bigint not null check (synapses_charged >= 0),
    synapses_refunded    bigint not null default 0 check (synapses_refunded >= 0 and synapses_refunded <= synapses_charged),
    multiplier_base      numeric(12, 6) not null,
    multiplier_org       numeric(12, 6) not null,
    multiplier_priority  numeric(12, 6) not null,
    transaction_id       text not null,
    -- transactional outbox: null until the queue acknowledged the job message
    enqueued_at          timestamptz,
    send_attempts        integer not null default 0,
    last_send_error      text,
    attempts             integer not null default 0,
    error_code           text,
    error_message        text,
    result               text,
    created_at           timestamptz not null default now(),
    updated_at           timestamptz not null default now(),
    started_at           timestamptz,
    completed_at         timestamptz
);
create index transcriptions_org_created on transcriptions (organization_id, created_at desc, id desc);
create index transcriptions_unsent on transcriptions (created_at) where enqueued_at is null and status = 'queued';

create table ledger_entries (
    id                text primary key,
    seq               bigserial unique,
    organization_id   text not null references organizations (id),
    kind              text not null check (kind in ('credit', 'debit', 'refund')),
    -- signed: credits and refunds add, debits subtract
    amount            bigint not null,
    balance_after     bigint not null check (balance_after >= 0),
    transcription_id  text references transcriptions (id),
    reference         text,
    created_at        timestamptz not null default now(),
    constraint amount_sign check ((kind = 'debit' and amount < 0) or (kind <> 'debit' and amount > 0)),
    constraint job_entries_name_a_job check (kind = 'credit' or transcription_id is not null)
);
create index ledger_entries_org_seq on ledger_entries (organization_id, seq desc);
-- exactly one debit and at most one refund per transcription, whatever retries happen
create unique index ledger_one_debit_per_transcription on ledger_entries (transcription_id) where kind = 'debit';
create unique index ledger_one_refund_per_transcription on ledger_entries (transcription_id) where kind = 'refund';

create table idempotency_keys (
    organization_id  text not null references organizations (id),
    key              text not null,
    request_hash     text not null,
    -- null while the first request is in flight
    response_status  integer,
    response_headers text ,
    response_body    text,
    locked_until     timestamptz not null,
    expires_at       timestamptz not null,
    created_at       timestamptz not null default now(),
    primary key (organization_id, key)
);
create index idempotency_keys_expiry on idempotency_keys (expires_at);
