-- Issue 22: the Idempotency-Key of a registration (POST /v1/petitions; cases/registration-keys.ts). A client that
-- sends a registration again after a lost answer (the instance died after the commit, the load balancer retried
-- on another one) gets the first petition back instead of a second one. One row per (scope, key): scope is the
-- calling key's id, so two clients never share a key space. fingerprint is the SHA-256 of the canonical request
-- body: the same key with another body is refused (422). status is the first answer's status (201), returned
-- again on a replay. The row is written first in the registration's own transaction, so it exists exactly when
-- the petition does; on PostgreSQL a second instance inserting the same key waits for that transaction and then
-- finds the row. No foreign key: the row is written before the petition row in that transaction, so that a
-- concurrent request with the same key waits at its first statement. A key is remembered for 24 hours
-- (IDEMPOTENCY_TTL_HOURS); an expired row is taken over by the next use of its key and purged now and then.
CREATE TABLE idempotency_keys (
  scope           TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  fingerprint     TEXT NOT NULL,
  petition_id     TEXT NOT NULL,
  status          INTEGER NOT NULL,
  created_at      TEXT NOT NULL,
  PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
