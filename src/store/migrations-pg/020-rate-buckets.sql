-- SQLite migration 020 (rate_buckets), shared by every instance on this database. UNLOGGED: no WAL record per
-- request, and after a crash of PostgreSQL the table comes back empty, which for a rate limit means every key
-- starts with a full bucket (docs/design/postgres.md §4.4).
CREATE UNLOGGED TABLE rate_buckets (
  scope   text NOT NULL,
  id      text NOT NULL,
  tokens  double precision NOT NULL,
  at_ms   bigint NOT NULL,
  took    bigint NOT NULL,
  PRIMARY KEY (scope, id)
);
