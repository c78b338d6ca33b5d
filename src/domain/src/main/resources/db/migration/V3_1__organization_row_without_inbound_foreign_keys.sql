-- Every submit of an organisation updates its one row (the debit). A foreign key from a row inserted in the
-- same moment (the job, its ledger entry, an idempotency claim) takes a KEY SHARE lock on that same row, and
-- PostgreSQL then turns the row's lock into a multixact on every debit. Under 32 concurrent submits of one
-- organisation that cost five times the throughput (pgbench, this schema's three statements: 750/s without
-- the keys, 130-300/s with them).
--
-- The keys guarded nothing the transactions do not already guarantee: a job and its debit ledger row are
-- written in the transaction that updates the organisation's row (a missing organisation updates nothing and
-- the submit is refused), credits update the row they record, and an organisation is never deleted, which
-- the trigger below makes a rule of the database rather than of the code.
alter table transcriptions drop constraint transcriptions_organization_id_fkey;
alter table ledger_entries drop constraint ledger_entries_organization_id_fkey;
alter table idempotency_keys drop constraint idempotency_keys_organization_id_fkey;

create function organizations_are_permanent() returns trigger
    language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'organization % cannot be deleted: its jobs and ledger refer to it', old.id
            using errcode = 'restrict_violation';
    end if;
    if new.id <> old.id then
        raise exception 'organization % cannot change its id', old.id using errcode = 'restrict_violation';
    end if;
    return new;
end $$;

create trigger organizations_are_permanent
    before delete or update of id on organizations
    for each row execute function organizations_are_permanent();
