-- A claim on an Idempotency-Key is owned by the request that made it: the claim writes a fresh token,
-- only a statement that names that token may store the key's response or release the key, and the
-- submit's pre-charge statement debits only while the token is still the key's. A request whose claim
-- was taken over after its lock time can therefore neither charge nor free the key of the request that
-- took it. Keys claimed before this migration have no token; they expire within their lock time.
alter table idempotency_keys add column claim_token uuid;
