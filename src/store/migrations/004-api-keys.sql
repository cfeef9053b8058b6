-- API keys: only the SHA-256 of each key is kept; the key itself is shown once, on creation.
CREATE TABLE api_keys (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('reception', 'dispatch', 'supervisor', 'evaluator', 'admin')),
  key_hash    TEXT NOT NULL UNIQUE,
  prefix      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  revoked_at  TEXT,
  revoked_by  TEXT
);

-- Browser sessions of the web pages, opened by logging in with a key. The cookie holds a random token;
-- only its SHA-256 is stored. A revoked key ends its sessions.
CREATE TABLE sessions (
  token_hash  TEXT PRIMARY KEY,
  key_id      TEXT NOT NULL REFERENCES api_keys(id),
  csrf_token  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_key ON sessions(key_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);
