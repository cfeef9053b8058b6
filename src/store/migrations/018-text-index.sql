-- Issue 24: costs that do not grow with the register.
--
-- 1. Registration asks whether a petition already has its red alert (alerts-repo.ts hasPetitionAlert): without an
--    index on alerts.petition_id every registration read every alert, a cost growing with the register.
CREATE INDEX alerts_petition ON alerts(petition_id);

-- 2. The list's text search for queries of every length from one index. The trigram index of migration 001 could
--    not answer a query of one or two characters (no trigram in it), so those read every petition (150 ms at
--    50,000). This index holds the same trigrams with two end marks (U+0003) after each column, so every
--    occurrence of every character sits at the start of an indexed trigram, the last ones included: the
--    petitions holding a short query are those of the terms starting with it, a range of the index's vocabulary
--    (store/text-search.ts). Longer queries are a phrase query as before. Contentless: the text is read from
--    petitions; a change removes exactly the values it indexed (same expressions), so nothing stale is found.
DROP TRIGGER petitions_fts_ai;
DROP TRIGGER petitions_fts_ad;
DROP TRIGGER petitions_fts_au;
DROP TABLE petitions_fts;

CREATE VIRTUAL TABLE petitions_text USING fts5(title, text, content = '', tokenize = 'trigram');
-- One row per indexed trigram occurrence (term, doc = the petition's rowid): read by term range.
CREATE VIRTUAL TABLE petitions_text_terms USING fts5vocab(petitions_text, instance);

INSERT INTO petitions_text (rowid, title, text)
  SELECT rowid, coalesce(title, '') || char(3, 3), text || char(3, 3) FROM petitions;

CREATE TRIGGER petitions_text_ai AFTER INSERT ON petitions BEGIN
  INSERT INTO petitions_text (rowid, title, text)
    VALUES (new.rowid, coalesce(new.title, '') || char(3, 3), new.text || char(3, 3));
END;
CREATE TRIGGER petitions_text_ad AFTER DELETE ON petitions BEGIN
  INSERT INTO petitions_text (petitions_text, rowid, title, text)
    VALUES ('delete', old.rowid, coalesce(old.title, '') || char(3, 3), old.text || char(3, 3));
END;
CREATE TRIGGER petitions_text_au AFTER UPDATE OF title, text ON petitions BEGIN
  INSERT INTO petitions_text (petitions_text, rowid, title, text)
    VALUES ('delete', old.rowid, coalesce(old.title, '') || char(3, 3), old.text || char(3, 3));
  INSERT INTO petitions_text (rowid, title, text)
    VALUES (new.rowid, coalesce(new.title, '') || char(3, 3), new.text || char(3, 3));
END;
