-- An organisation's per-minute submit counter is spread over slots (SubmitRateLimiter.SLOTS): each submit
-- increments one slot at random and reads the sum, so concurrent submits of one organisation no longer queue
-- for one row's lock, which each held until its commit.
alter table submit_rate_windows add column slot smallint not null default 0;
alter table submit_rate_windows drop constraint submit_rate_windows_pkey;
alter table submit_rate_windows add primary key (organization_id, window_start, slot);
