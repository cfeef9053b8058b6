-- Issue 22: the token buckets of the rate limits (http/auth/rate-limit.ts): per key for requests, per client
-- address for wrong keys. One row per (scope, id), updated by one upsert per request (store/rate-buckets-repo.ts).
-- On PostgreSQL the instances share this table, so a limit holds for the whole deployment, not per instance.
-- A SQLite deployment is one process: it keeps its buckets in a private in-memory database with this same
-- table (a write to this file per request would cost an fsync under synchronous = FULL); the table is created
-- here too so that both backends have one schema. tokens may be fractional (refilled by the millisecond).
CREATE TABLE rate_buckets (
  scope   TEXT NOT NULL,
  id      TEXT NOT NULL,
  tokens  REAL NOT NULL,
  at_ms   INTEGER NOT NULL,
  took    INTEGER NOT NULL,
  PRIMARY KEY (scope, id)
);
