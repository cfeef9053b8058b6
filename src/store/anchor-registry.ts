import type { Logger } from '../log.ts';
import type { Db } from './db.ts';
import { tableNames } from './dialect.ts';

/** Remembers the anchor file in the database; a file that has gone missing since is marked, never forgotten. */
export function recordAnchorFile(db: Db, path: string, created: boolean, now: string, log: Logger) {
  if (!hasTable(db)) return;
  const head = (db.prepare('SELECT MAX(seq) AS n FROM events').get() as { n: number | null }).n ?? 0;
  const row = db.prepare('SELECT path FROM audit_anchor_files WHERE path = ?').get(path);
  if (!row) {
    db.prepare('INSERT INTO audit_anchor_files (path, started_seq, started_at) VALUES (?, ?, ?)').run(path, head, now);
    if (head > 0)
      log.warn('anchoring of the case file starts now: events before this head have no anchor', {
        anchor_file: path,
        seq: head,
      });
  } else if (created) {
    db.prepare(
      'UPDATE audit_anchor_files SET replaced_at_seq = ?, replaced_at = ? WHERE path = ? AND replaced_at_seq IS NULL',
    ).run(head, now, path);
    log.error('the anchor file of the case file was missing and has been started anew', {
      anchor_file: path,
      seq: head,
    });
  }
}

const hasTable = (db: Db) => tableNames(db).includes('audit_anchor_files');

/** Problems recorded about anchor files (a file found missing), for the verify answer. */
export function anchorFileProblems(db: Db): string[] {
  if (!hasTable(db)) return [];
  const rows = db
    .prepare('SELECT path, replaced_at_seq, replaced_at FROM audit_anchor_files WHERE replaced_at_seq IS NOT NULL')
    .all() as { path: string; replaced_at_seq: number; replaced_at: string }[];
  return rows.map(
    (r) =>
      `锚点文件 ${r.path} 在 ${r.replaced_at}（第 ${r.replaced_at_seq} 号事件时）被发现缺失并重建：此前的锚点已无法比对`,
  );
}
