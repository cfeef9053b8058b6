import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKSTOP_CHECKPOINT_PAGES, INLINE_CHECKPOINT_PAGES, startCheckpointer } from './checkpointer.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A WAL-mode file with a table, and the connection that serves it (synchronous = FULL, as openDb sets). */
function walFile() {
  const dir = mkdtempSync(join(tmpdir(), 'xf-checkpointer-'));
  dirs.push(dir);
  const path = join(dir, 'x.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  return { db, path };
}
const write = (db: Database.Database, n: number) => {
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  for (let i = 0; i < n; i++) insert.run('正文'.repeat(500)); // one commit each, a few pages each
};
const until = async (ok: () => boolean) => {
  for (let i = 0; i < 250 && !ok(); i++) await new Promise((r) => setTimeout(r, 20));
  return ok();
};

describe('background checkpointer', () => {
  it('copies committed pages into the database file while the serving connection only appends to the WAL', async () => {
    const { db, path } = walFile();
    const before = statSync(path).size;
    const cp = startCheckpointer(db, path, { everyMs: 20 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(BACKSTOP_CHECKPOINT_PAGES);
    write(db, 300); // about 900 pages: under the backstop, so only the thread copies them into the file
    expect(await until(() => statSync(path).size > before + 1_000_000)).toBe(true);
    await cp.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(INLINE_CHECKPOINT_PAGES);
    db.close();
    const reopened = new Database(path, { readonly: true });
    expect(reopened.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(300);
    reopened.close();
  });

  it('leaves the file alone when not started: with the backstop, nothing reaches it until the WAL is large', () => {
    const { db, path } = walFile();
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
    const before = statSync(path).size;
    write(db, 300);
    expect(statSync(path).size).toBe(before); // the control of the test above
    db.close();
  });

  it('reports a checkpoint that fails and leaves the checkpoints to the serving connection when its thread dies', async () => {
    const { db, path } = walFile();
    const errors: string[] = [];
    rmSync(path); // the thread opens with fileMustExist: it cannot start
    const cp = startCheckpointer(db, path, { everyMs: 20, onError: (e) => errors.push(e) });
    expect(await until(() => db.pragma('wal_autocheckpoint', { simple: true }) === INLINE_CHECKPOINT_PAGES)).toBe(true);
    expect(errors).toEqual([expect.stringMatching(/unable to open/)]);
    await cp.stop();
    db.close();
  });
});
