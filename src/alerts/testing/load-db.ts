import type { Db } from '../../store/db.ts';
import type { LoadRow } from './synthetic-load.ts';

/** Stores synthetic rows as petitions (the columns registration fills that matching reads), without triage. */
export function insertRows(db: Db) {
  const ins = db.prepare(
    `INSERT INTO petitions (id, title, text, channel, received_at, created_at, updated_at) VALUES (@id, @title, @text, '网络', @receivedAt, @receivedAt, @receivedAt)`,
  );
  return (row: LoadRow) => ins.run({ id: row.id, title: row.title, text: row.text, receivedAt: row.receivedAt });
}
