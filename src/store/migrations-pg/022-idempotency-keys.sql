-- SQLite migration 022 (idempotency_keys): the Idempotency-Key of a registration. The primary key is what keeps
-- two instances from registering one request twice: the claim (INSERT … ON CONFLICT DO UPDATE … WHERE expired
-- RETURNING) of the second waits for the first one's transaction and then returns no row (cases/registration-keys.ts).
CREATE TABLE idempotency_keys (
  scope           text NOT NULL,
  idempotency_key text NOT NULL,
  fingerprint     text NOT NULL,
  petition_id     text NOT NULL,
  status          bigint NOT NULL,
  created_at      text NOT NULL,
  PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
