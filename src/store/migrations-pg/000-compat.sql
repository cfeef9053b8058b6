-- SQLite functions the store's SQL and the read-model triggers use, as PostgreSQL functions of the same name and
-- meaning, so that one SQL text serves both backends (docs/design/postgres.md §2.4). Created in the schema the
-- migrations run in (the first of search_path).

-- json_valid(x): 1/0 on SQLite; a boolean here, which is what WHERE and CASE WHEN need.
CREATE FUNCTION json_valid(x text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF x IS NULL THEN RETURN NULL; END IF;
  PERFORM x::json;
  RETURN true;
EXCEPTION WHEN others THEN
  RETURN false;
END $$;

-- json_extract(x, '$.a.b'): the value at a dotted path as text (NULL for a missing key or a JSON null). Only the
-- '$.key.key' paths the store writes; array indexes ('$[0]') are not needed.
CREATE FUNCTION json_extract(x text, path text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (x::jsonb) #>> string_to_array(substr(path, 3), '.')
$$;

-- julianday(t): the day number SQLite computes for an ISO 8601 time (offsets honoured), for day differences.
-- STABLE, not IMMUTABLE: a time without an offset would be read in the session's TimeZone (UTC, conninfo.ts).
CREATE FUNCTION julianday(t text) RETURNS double precision LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT extract(epoch FROM t::timestamptz)::double precision / 86400.0 + 2440587.5
$$;

-- The office's calendar day and month (UTC+8, as substr(datetime(t, '+8 hours'), 1, 10) on SQLite).
CREATE FUNCTION local_day(t text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT to_char((t::timestamptz AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD')
$$;
CREATE FUNCTION local_month(t text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT to_char((t::timestamptz AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')
$$;

-- SQLite's two-argument scalar min/max (NULL if either is NULL), beside PostgreSQL's one-argument aggregates.
CREATE FUNCTION min(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a <= b THEN a ELSE b END
$$;
CREATE FUNCTION max(a text, b text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL WHEN a >= b THEN a ELSE b END
$$;
CREATE FUNCTION min(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE least(a, b) END
$$;
CREATE FUNCTION max(a bigint, b bigint) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE greatest(a, b) END
$$;

-- json_each(x) over a JSON array or object: key, value (a string element unquoted, null as NULL, any other as its JSON text)
-- and type, in order. PostgreSQL's own json_each(json) stays; an untyped parameter resolves to this one (text is
-- the preferred string type). Unlike SQLite's, key and value are always text: compare value with an integer
-- column through CAST(value AS BIGINT), which SQLite accepts too.
CREATE FUNCTION json_each(x text) RETURNS TABLE (key text, value text, type text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT e.key,
         CASE json_typeof(e.value) WHEN 'string' THEN e.value #>> '{}' WHEN 'null' THEN NULL ELSE e.value::text END,
         CASE json_typeof(e.value) WHEN 'string' THEN 'text' WHEN 'number' THEN
           CASE WHEN e.value::text ~ '^-?[0-9]+$' THEN 'integer' ELSE 'real' END
         WHEN 'boolean' THEN e.value::text ELSE json_typeof(e.value) END
  FROM (SELECT (ordinality - 1)::text AS key, value, ordinality AS o
          FROM json_array_elements(CASE WHEN json_typeof(x::json) = 'array' THEN x::json ELSE '[]' END)
               WITH ORDINALITY
        UNION ALL
        SELECT key, value, 0 FROM json_each(CASE WHEN json_typeof(x::json) = 'object' THEN x::json ELSE '{}' END)
       ) e
  ORDER BY e.o
$$;

-- json_group_array(x): the values of a group as a JSON array text ('[]' for none).
CREATE FUNCTION json_group_array_final(a anycompatiblearray) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_json(a)::text
$$;
CREATE AGGREGATE json_group_array(anycompatible) (
  SFUNC = array_append, STYPE = anycompatiblearray, FINALFUNC = json_group_array_final, INITCOND = '{}'
);
