-- A job's options and result are JSON documents the entity maps to typed records; jsonb makes the
-- database hold them as JSON too (a malformed document cannot be stored). The text written so far is
-- valid JSON, so every row converts as it is.
alter table transcriptions
    alter column options type jsonb using options::jsonb,
    alter column result type jsonb using result::jsonb;
