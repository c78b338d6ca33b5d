-- A webhook attempt is counted when it is claimed: the claim's transaction advances the retry schedule and
-- writes the attempt's row as in_flight; the answer then completes that row. An attempt whose process died
-- (a function time-out) is already counted, and is recorded as lost once its lease has run out.
alter table webhook_deliveries drop constraint webhook_deliveries_outcome_check;
alter table webhook_deliveries add constraint webhook_deliveries_outcome_check
    check (outcome in ('in_flight', 'delivered', 'retrying', 'failed', 'disabled', 'lost'));
-- no answer was timed for an attempt in flight or lost
alter table webhook_deliveries alter column latency_ms drop not null;

-- Attempts claimed before this version whose process died left no row: they are recorded now, as lost
-- (the one under way, if any, as in flight), so that every claimed attempt is in the delivery log.
insert into webhook_deliveries (id, message_id, transcription_id, attempt, attempted_at, url, status_code, latency_ms,
                                outcome, error)
select 'whd_' || replace(gen_random_uuid()::text, '-', ''), m.id, m.transcription_id, n.attempt, m.updated_at, m.url,
       null, null,
       case when m.state = 'pending' and n.attempt = m.attempts and m.leased_until >= now() then 'in_flight' else 'lost' end,
       case when m.state = 'pending' and n.attempt = m.attempts and m.leased_until >= now() then null
            else 'worker_stopped: the process making this attempt stopped before its outcome was recorded' end
  from webhook_messages m
  cross join lateral generate_series(1, m.attempts) as n (attempt)
 where not exists (select 1 from webhook_deliveries d where d.message_id = m.id and d.attempt = n.attempt);

-- An attempt claimed before this version had not advanced the schedule yet; now the claim does, and its
-- answer (or loss) no longer will. An older process that answers later finds the row above and records
-- nothing (the unique index below), so the attempt is resolved as lost under the new rule.
update webhook_messages set schedule_step = schedule_step + 1 where state = 'pending' and leased_until is not null;

-- one row per attempt: the claim's conditional update hands out each attempt number once
create unique index webhook_deliveries_one_per_attempt on webhook_deliveries (message_id, attempt);
-- the sweeper's search for attempts whose lease ran out
create index webhook_messages_leased on webhook_messages (leased_until) where leased_until is not null;
