-- The bill covers what is transcribed. The worker prices the decoded audio before recognising it; when it
-- is longer than what the submit charged (the file behind the URL changed, or its header understated its
-- length), the difference is charged by a second conditional debit: a 'surcharge' ledger row, at most one
-- per transcription. synapses_charged is everything the job was charged (debit plus surcharge), so
-- refunds, settlement and synapses_consumed keep their meaning; synapses_surcharged is the part of it
-- charged after the submit.
alter table transcriptions add column synapses_surcharged bigint not null default 0
    constraint surcharge_within_charge check (synapses_surcharged >= 0 and synapses_surcharged <= synapses_charged);

alter table ledger_entries drop constraint ledger_entries_kind_check;
alter table ledger_entries add constraint ledger_entries_kind_check
    check (kind in ('credit', 'debit', 'refund', 'surcharge'));
alter table ledger_entries drop constraint amount_sign;
alter table ledger_entries add constraint amount_sign
    check ((kind in ('debit', 'surcharge') and amount < 0) or (kind not in ('debit', 'surcharge') and amount > 0));

create unique index ledger_one_surcharge_per_transcription on ledger_entries (transcription_id) where kind = 'surcharge';
