-- The rate a job was priced at, so settlement uses the submit's price list even if the
-- configuration changed since.
alter table transcriptions add column rate_per_second numeric(12, 6) not null default 1;
-- The worker's sweeper looks for jobs stuck in processing.
create index transcriptions_processing on transcriptions (started_at) where status = 'processing';
create index transcriptions_org_status_created on transcriptions (organization_id, status, created_at desc, id desc);
-- DELETE of a finished transcription removes its content, keeps its billing.
alter table transcriptions add column content_deleted_at timestamptz;
