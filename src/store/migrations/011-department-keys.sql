-- Issue 18: the role `department` (承办单位). SQLite cannot change a CHECK constraint in place, so api_keys is
-- rebuilt with the new role, and sessions with it (its foreign key must follow the rebuilt table). Every key and
-- session is kept as it was.
CREATE TABLE api_keys_new (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('reception', 'dispatch', 'supervisor', 'evaluator', 'admin', 'department')),
  key_hash    TEXT NOT NULL UNIQUE,
  prefix      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  revoked_at  TEXT,
  revoked_by  TEXT
);
INSERT INTO api_keys_new (id, name, role, key_hash, prefix, created_at, created_by, revoked_at, revoked_by)
  SELECT id, name, role, key_hash, prefix, created_at, created_by, revoked_at, revoked_by FROM api_keys;
CREATE TABLE sessions_new (
  token_hash  TEXT PRIMARY KEY,
  key_id      TEXT NOT NULL REFERENCES api_keys_new(id),
  csrf_token  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);
INSERT INTO sessions_new (token_hash, key_id, csrf_token, created_at, expires_at)
  SELECT token_hash, key_id, csrf_token, created_at, expires_at FROM sessions;
DROP TABLE sessions;
DROP TABLE api_keys;
-- Renaming also rewrites sessions_new's reference to api_keys_new.
ALTER TABLE api_keys_new RENAME TO api_keys;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_key ON sessions(key_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

-- A department key acts for exactly one department: it sees and reports only that department's cases.
CREATE TABLE department_keys (
  key_id        TEXT PRIMARY KEY REFERENCES api_keys(id),
  department_id TEXT NOT NULL REFERENCES departments(id)
);
