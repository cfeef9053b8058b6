-- Issue 17: a key's name is part of who the case file says acted, so no two keys may share one (revoked keys
-- included: their names stay in the record). Older databases may already hold duplicates (a second
-- "t-reception") or a key named like the service's own actors ("system"): every such key but the oldest of its
-- name is renamed by appending its id, so start-up never fails on old data and no key is lost. The events they
-- wrote keep the name as recorded then.
UPDATE api_keys SET name = name || ' (' || id || ')'
WHERE id IN (
  SELECT id FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY name ORDER BY created_at, id) AS n FROM api_keys
  ) WHERE n > 1
)
OR lower(name) IN ('system', 'anonymous', 'seed');

CREATE UNIQUE INDEX api_keys_name ON api_keys(name);
