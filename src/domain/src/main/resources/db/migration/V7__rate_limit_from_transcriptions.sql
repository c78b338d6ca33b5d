-- The submit rate limit now counts the organisation's transcriptions of the last minute (SubmitRateLimiter):
-- the per-minute counter row it replaces was a second row every submit of an organisation updated and held
-- locked until commit. transcriptions_org_created (organization_id, created_at desc, id desc) serves the count.
drop table submit_rate_windows;
