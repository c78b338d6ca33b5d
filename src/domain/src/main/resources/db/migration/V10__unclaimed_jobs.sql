-- A job the queue took but no worker claims (its message went to the dead-letter queue, or was lost) is
-- sent again by the unclaimed-job sweeper a bounded number of times, then failed and refunded: requeues
-- counts those sends.
alter table transcriptions add column requeues integer not null default 0;
create index transcriptions_unclaimed on transcriptions (enqueued_at) where status = 'queued' and enqueued_at is not null;
