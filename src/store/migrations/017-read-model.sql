-- Issue 24: the dashboard and supervision pages read these summaries (store/read-model.ts) instead of
-- aggregating every petition, clock, follow-up and event on each view. Triggers keep them in step inside the
-- transaction that changes the rows (registration, triage, moves, clocks, follow-ups), so a rolled-back request
-- leaves no count behind; the statements at the end fill them from the rows of an existing database.
-- The duty clocks ('accept', 'conclude', 'review_answer', 'recheck_answer', 'rehandle') are DUTY_CLOCKS of
-- statutory-clocks.ts and the 90 days REPEAT_WINDOW_DAYS of cases/case-service.ts (read-model.test.ts checks both).

-- Counts by dimension. total; day (office's local day of receipt); category; channel; location; status;
-- place and place_warned (the map: petitions with a location, and those of them red or yellow); satisfaction
-- (follow-ups); met (duty clocks done: on_time by their due day, late after it); department (the search form's
-- choices: each department named by a petition's triage or a recorded 分流 move). Rows may fall to 0.
CREATE TABLE stat_counts (
  dim  TEXT NOT NULL,
  key  TEXT NOT NULL,
  n    INTEGER NOT NULL,
  PRIMARY KEY (dim, key)
) WITHOUT ROWID;

-- Open duty clocks by due day (the dashboard's 逾期未完成 counts clocks, not petitions).
CREATE TABLE stat_open_clocks (due_at TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;

-- Each petition's earliest open duty clock: its 三色牌 follows from it (red when before today).
CREATE TABLE petition_due (petition_id TEXT PRIMARY KEY, due_at TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX petition_due_day ON petition_due(due_at, petition_id);
CREATE TABLE stat_petition_due (due_at TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;

-- Per petition with a petitioner identity: its month of receipt and whether the same identity petitioned in
-- the 90 days before it. Per replied petition: milliseconds from receipt to its first move into 答复.
CREATE TABLE petition_repeat (petition_id TEXT PRIMARY KEY, month TEXT NOT NULL, repeat INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE petition_reply (petition_id TEXT PRIMARY KEY, month TEXT NOT NULL, ms INTEGER NOT NULL) WITHOUT ROWID;
-- Their sums per month of receipt (integers, so the sums never drift).
CREATE TABLE stat_months (
  month          TEXT PRIMARY KEY,
  with_identity  INTEGER NOT NULL DEFAULT 0,
  repeats        INTEGER NOT NULL DEFAULT 0,
  replied        INTEGER NOT NULL DEFAULT 0,
  reply_ms       INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The supervision page lists the most recent follow-ups and the extended open cases without a scan.
CREATE INDEX follow_ups_recent ON follow_ups(created_at, id);
CREATE INDEX petitions_extended_open ON petitions(id) WHERE extended = 1 AND status != 'closed';
-- The 督办 queue (and any list of one step) newest first, without reading and sorting every row of the step.
CREATE INDEX petitions_status_received ON petitions(status, received_at, id);

-- Backfill from the rows already there, before the triggers exist.
INSERT INTO stat_counts (dim, key, n)
  SELECT 'total', '', COUNT(*) FROM petitions
  UNION ALL SELECT 'day', substr(datetime(received_at, '+8 hours'), 1, 10), COUNT(*) FROM petitions GROUP BY 2
  UNION ALL SELECT 'category', COALESCE(category, '未分类'), COUNT(*) FROM petitions GROUP BY 2
  UNION ALL SELECT 'channel', channel, COUNT(*) FROM petitions GROUP BY 2
  UNION ALL SELECT 'location', COALESCE(location, '未填写'), COUNT(*) FROM petitions GROUP BY 2
  UNION ALL SELECT 'status', status, COUNT(*) FROM petitions GROUP BY 2
  UNION ALL SELECT 'place', location, COUNT(*) FROM petitions WHERE location IS NOT NULL GROUP BY 2
  UNION ALL SELECT 'place_warned', location, COUNT(*) FROM petitions WHERE location IS NOT NULL AND risk_level IN ('red', 'yellow') GROUP BY 2
  UNION ALL SELECT 'satisfaction', satisfaction, COUNT(*) FROM follow_ups GROUP BY 2
  UNION ALL SELECT 'department', d, COUNT(*) FROM (
    SELECT json_extract(triage, '$.department') AS d FROM petitions WHERE json_valid(triage)
    UNION ALL SELECT json_extract(triage, '$.category.department') FROM petitions WHERE json_valid(triage)
    UNION ALL SELECT CASE WHEN json_valid(payload) THEN json_extract(payload, '$.department') END FROM events WHERE type = 'transition')
    WHERE d IS NOT NULL GROUP BY d
  UNION ALL SELECT 'met', CASE WHEN substr(datetime(met_at, '+8 hours'), 1, 10) <= due_at THEN 'on_time' ELSE 'late' END, COUNT(*)
    FROM deadlines WHERE met_at IS NOT NULL AND kind IN ('accept', 'conclude', 'review_answer', 'recheck_answer', 'rehandle') GROUP BY 2;

INSERT INTO stat_open_clocks (due_at, n)
  SELECT due_at, COUNT(*) FROM deadlines
  WHERE met_at IS NULL AND kind IN ('accept', 'conclude', 'review_answer', 'recheck_answer', 'rehandle') GROUP BY due_at;

INSERT INTO petition_due (petition_id, due_at)
  SELECT petition_id, MIN(due_at) FROM deadlines
  WHERE met_at IS NULL AND kind IN ('accept', 'conclude', 'review_answer', 'recheck_answer', 'rehandle') GROUP BY petition_id;
INSERT INTO stat_petition_due (due_at, n) SELECT due_at, COUNT(*) FROM petition_due GROUP BY due_at;

INSERT INTO petition_repeat (petition_id, month, repeat)
  SELECT p.id, substr(datetime(p.received_at, '+8 hours'), 1, 7),
    EXISTS (SELECT 1 FROM petitioners r2 JOIN petitions p2 ON p2.id = r2.petition_id
            WHERE r2.identity_key = r.identity_key AND p2.id != p.id AND p2.received_at < p.received_at
              AND julianday(p.received_at) - julianday(p2.received_at) <= 90)
  FROM petitions p JOIN petitioners r ON r.petition_id = p.id WHERE r.identity_key IS NOT NULL;

INSERT INTO petition_reply (petition_id, month, ms)
  SELECT p.id, substr(datetime(p.received_at, '+8 hours'), 1, 7),
    CAST(round((MIN(julianday(e.created_at)) - julianday(p.received_at)) * 86400000) AS INTEGER)
  FROM petitions p JOIN events e ON e.petition_id = p.id
  WHERE e.type = 'transition' AND CASE WHEN json_valid(e.payload) THEN json_extract(e.payload, '$.to') END = 'replied'
  GROUP BY p.id;

INSERT INTO stat_months (month, with_identity, repeats, replied, reply_ms)
  SELECT month, SUM(w), SUM(r), SUM(n), SUM(ms) FROM (
    SELECT month, 1 AS w, repeat AS r, 0 AS n, 0 AS ms FROM petition_repeat
    UNION ALL SELECT month, 0, 0, 1, ms FROM petition_reply)
  GROUP BY month;

-- Petitions: every counted column, old value out and new value in.
CREATE TRIGGER read_model_petition_ai AFTER INSERT ON petitions BEGIN
  INSERT INTO stat_counts (dim, key, n) VALUES
    ('total', '', 1),
    ('day', substr(datetime(NEW.received_at, '+8 hours'), 1, 10), 1),
    ('category', COALESCE(NEW.category, '未分类'), 1),
    ('channel', NEW.channel, 1),
    ('location', COALESCE(NEW.location, '未填写'), 1),
    ('status', NEW.status, 1)
  ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n;
  INSERT INTO stat_counts (dim, key, n) SELECT 'place', NEW.location, 1 WHERE NEW.location IS NOT NULL
  ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n;
  INSERT INTO stat_counts (dim, key, n) SELECT 'place_warned', NEW.location, 1 WHERE NEW.location IS NOT NULL AND NEW.risk_level IN ('red', 'yellow')
  ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n;
  INSERT INTO stat_counts (dim, key, n)
    SELECT 'department', d, 1 FROM (SELECT json_extract(NEW.triage, '$.department') AS d UNION ALL SELECT json_extract(NEW.triage, '$.category.department'))
    WHERE json_valid(NEW.triage) AND d IS NOT NULL
  ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER read_model_petition_triage_au AFTER UPDATE OF triage ON petitions BEGIN
  INSERT INTO stat_counts (dim, key, n)
    SELECT 'department', d, -1 FROM (SELECT json_extract(OLD.triage, '$.department') AS d UNION ALL SELECT json_extract(OLD.triage, '$.category.department'))
    WHERE json_valid(OLD.triage) AND d IS NOT NULL
    UNION ALL
    SELECT 'department', d, 1 FROM (SELECT json_extract(NEW.triage, '$.department') AS d UNION ALL SELECT json_extract(NEW.triage, '$.category.department'))
    WHERE json_valid(NEW.triage) AND d IS NOT NULL
  ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n;
END;

-- A 分流 move that names its department.
CREATE TRIGGER read_model_department_ai AFTER INSERT ON events
WHEN NEW.type = 'transition' AND CASE WHEN json_valid(NEW.payload) THEN json_extract(NEW.payload, '$.department') END IS NOT NULL BEGIN
  INSERT INTO stat_counts (dim, key, n) VALUES ('department', json_extract(NEW.payload, '$.department'), 1)
  ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n;
END;

CREATE TRIGGER read_model_petition_au AFTER UPDATE OF received_at, category, channel, location, status, risk_level ON petitions BEGIN
  INSERT INTO stat_counts (dim, key, n) VALUES
    ('day', substr(datetime(OLD.received_at, '+8 hours'), 1, 10), -1),
    ('day', substr(datetime(NEW.received_at, '+8 hours'), 1, 10), 1),
    ('category', COALESCE(OLD.category, '未分类'), -1),
    ('category', COALESCE(NEW.category, '未分类'), 1),
    ('channel', OLD.channel, -1),
    ('channel', NEW.channel, 1),
    ('location', COALESCE(OLD.location, '未填写'), -1),
    ('location', COALESCE(NEW.location, '未填写'), 1),
    ('status', OLD.status, -1),
    ('status', NEW.status, 1)
  ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n;
  INSERT INTO stat_counts (dim, key, n)
    SELECT 'place', OLD.location, -1 WHERE OLD.location IS NOT NULL
    UNION ALL SELECT 'place', NEW.location, 1 WHERE NEW.location IS NOT NULL
    UNION ALL SELECT 'place_warned', OLD.location, -1 WHERE OLD.location IS NOT NULL AND OLD.risk_level IN ('red', 'yellow')
    UNION ALL SELECT 'place_warned', NEW.location, 1 WHERE NEW.location IS NOT NULL AND NEW.risk_level IN ('red', 'yellow')
  ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n;
END;

-- A petitioner with an identity: is this petition a repeat, and does it make later ones of the window repeats
-- (a letter registered late with an earlier received date)? Only this identity's petitions are read.
CREATE TRIGGER read_model_petitioner_ai AFTER INSERT ON petitioners WHEN NEW.identity_key IS NOT NULL BEGIN
  INSERT INTO petition_repeat (petition_id, month, repeat)
  SELECT p.id, substr(datetime(p.received_at, '+8 hours'), 1, 7),
    EXISTS (SELECT 1 FROM petitioners r2 JOIN petitions p2 ON p2.id = r2.petition_id
            WHERE r2.identity_key = NEW.identity_key AND p2.id != p.id AND p2.received_at < p.received_at
              AND julianday(p.received_at) - julianday(p2.received_at) <= 90)
  FROM petitions p WHERE p.id = NEW.petition_id;
  UPDATE petition_repeat SET repeat = 1 WHERE repeat = 0 AND petition_id IN (
    SELECT p2.id FROM petitioners r2 JOIN petitions p2 ON p2.id = r2.petition_id JOIN petitions p ON p.id = NEW.petition_id
    WHERE r2.identity_key = NEW.identity_key AND p2.id != p.id AND p2.received_at > p.received_at
      AND julianday(p2.received_at) - julianday(p.received_at) <= 90);
END;
CREATE TRIGGER read_model_repeat_ai AFTER INSERT ON petition_repeat BEGIN
  INSERT INTO stat_months (month, with_identity, repeats) VALUES (NEW.month, 1, NEW.repeat)
  ON CONFLICT (month) DO UPDATE SET with_identity = with_identity + 1, repeats = repeats + excluded.repeats;
END;
CREATE TRIGGER read_model_repeat_au AFTER UPDATE OF repeat ON petition_repeat BEGIN
  UPDATE stat_months SET repeats = repeats + NEW.repeat - OLD.repeat WHERE month = NEW.month;
END;

-- The first move into 答复 recorded in the case file (the earliest, should events arrive out of time order).
CREATE TRIGGER read_model_reply_ai AFTER INSERT ON events
WHEN NEW.type = 'transition' AND NEW.petition_id IS NOT NULL
  AND CASE WHEN json_valid(NEW.payload) THEN json_extract(NEW.payload, '$.to') END = 'replied' BEGIN
  INSERT INTO petition_reply (petition_id, month, ms)
  SELECT p.id, substr(datetime(p.received_at, '+8 hours'), 1, 7),
    CAST(round((julianday(NEW.created_at) - julianday(p.received_at)) * 86400000) AS INTEGER)
  FROM petitions p WHERE p.id = NEW.petition_id
  ON CONFLICT (petition_id) DO UPDATE SET ms = excluded.ms WHERE excluded.ms < petition_reply.ms;
END;
CREATE TRIGGER read_model_reply_month_ai AFTER INSERT ON petition_reply BEGIN
  INSERT INTO stat_months (month, replied, reply_ms) VALUES (NEW.month, 1, NEW.ms)
  ON CONFLICT (month) DO UPDATE SET replied = replied + 1, reply_ms = reply_ms + excluded.reply_ms;
END;
CREATE TRIGGER read_model_reply_month_au AFTER UPDATE OF ms ON petition_reply BEGIN
  UPDATE stat_months SET reply_ms = reply_ms + NEW.ms - OLD.ms WHERE month = NEW.month;
END;

CREATE TRIGGER read_model_follow_up_ai AFTER INSERT ON follow_ups BEGIN
  INSERT INTO stat_counts (dim, key, n) VALUES ('satisfaction', NEW.satisfaction, 1)
  ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n;
END;

-- Duty clocks: the old row's contribution out, the new row's in, and the petition's earliest open clock again.
CREATE TRIGGER read_model_clock_ai AFTER INSERT ON deadlines
WHEN NEW.kind IN ('accept', 'conclude', 'review_answer', 'recheck_answer', 'rehandle') BEGIN
  INSERT INTO stat_open_clocks (due_at, n) SELECT NEW.due_at, 1 WHERE NEW.met_at IS NULL
  ON CONFLICT (due_at) DO UPDATE SET n = n + 1;
  INSERT INTO stat_counts (dim, key, n)
    SELECT 'met', CASE WHEN substr(datetime(NEW.met_at, '+8 hours'), 1, 10) <= NEW.due_at THEN 'on_time' ELSE 'late' END, 1 WHERE NEW.met_at IS NOT NULL
  ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n;
  DELETE FROM petition_due WHERE petition_id = NEW.petition_id;
  INSERT INTO petition_due (petition_id, due_at)
    SELECT NEW.petition_id, MIN(due_at) FROM deadlines WHERE petition_id = NEW.petition_id AND met_at IS NULL
      AND kind IN ('accept', 'conclude', 'review_answer', 'recheck_answer', 'rehandle') HAVING MIN(due_at) IS NOT NULL;
END;
CREATE TRIGGER read_model_clock_au AFTER UPDATE ON deadlines
WHEN NEW.kind IN ('accept', 'conclude', 'review_answer', 'recheck_answer', 'rehandle') BEGIN
  UPDATE stat_open_clocks SET n = n - 1 WHERE due_at = OLD.due_at AND OLD.met_at IS NULL;
  INSERT INTO stat_open_clocks (due_at, n) SELECT NEW.due_at, 1 WHERE NEW.met_at IS NULL
  ON CONFLICT (due_at) DO UPDATE SET n = n + 1;
  INSERT INTO stat_counts (dim, key, n)
    SELECT 'met', CASE WHEN substr(datetime(OLD.met_at, '+8 hours'), 1, 10) <= OLD.due_at THEN 'on_time' ELSE 'late' END, -1 WHERE OLD.met_at IS NOT NULL
    UNION ALL SELECT 'met', CASE WHEN substr(datetime(NEW.met_at, '+8 hours'), 1, 10) <= NEW.due_at THEN 'on_time' ELSE 'late' END, 1 WHERE NEW.met_at IS NOT NULL
  ON CONFLICT (dim, key) DO UPDATE SET n = n + excluded.n;
  DELETE FROM petition_due WHERE petition_id = NEW.petition_id;
  INSERT INTO petition_due (petition_id, due_at)
    SELECT NEW.petition_id, MIN(due_at) FROM deadlines WHERE petition_id = NEW.petition_id AND met_at IS NULL
      AND kind IN ('accept', 'conclude', 'review_answer', 'recheck_answer', 'rehandle') HAVING MIN(due_at) IS NOT NULL;
END;
CREATE TRIGGER read_model_clock_ad AFTER DELETE ON deadlines
WHEN OLD.kind IN ('accept', 'conclude', 'review_answer', 'recheck_answer', 'rehandle') BEGIN
  UPDATE stat_open_clocks SET n = n - 1 WHERE due_at = OLD.due_at AND OLD.met_at IS NULL;
  UPDATE stat_counts SET n = n - 1 WHERE OLD.met_at IS NOT NULL AND dim = 'met'
    AND key = CASE WHEN substr(datetime(OLD.met_at, '+8 hours'), 1, 10) <= OLD.due_at THEN 'on_time' ELSE 'late' END;
  DELETE FROM petition_due WHERE petition_id = OLD.petition_id;
  INSERT INTO petition_due (petition_id, due_at)
    SELECT OLD.petition_id, MIN(due_at) FROM deadlines WHERE petition_id = OLD.petition_id AND met_at IS NULL
      AND kind IN ('accept', 'conclude', 'review_answer', 'recheck_answer', 'rehandle') HAVING MIN(due_at) IS NOT NULL;
END;
CREATE TRIGGER read_model_due_ai AFTER INSERT ON petition_due BEGIN
  INSERT INTO stat_petition_due (due_at, n) VALUES (NEW.due_at, 1) ON CONFLICT (due_at) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER read_model_due_ad AFTER DELETE ON petition_due BEGIN
  UPDATE stat_petition_due SET n = n - 1 WHERE due_at = OLD.due_at;
END;
