-- Registration compares a new petition with the others of its week (alerts/repeats.ts, alerts/clusters.ts).
-- received_at sits after the text in each row, often beyond an overflow page: a covering index lists the
-- week's ids and times without reading a single row.
CREATE INDEX petitions_received_id ON petitions(received_at, id);
DROP INDEX petitions_received;
