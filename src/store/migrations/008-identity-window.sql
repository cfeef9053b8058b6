-- Repeats by the same petitioner (cases/case-service.ts) join petitioners to petitions on id and keep the
-- last 90 days: with (id, received_at) in one index the join never reads a petition row.
CREATE INDEX petitions_id_received ON petitions(id, received_at);
