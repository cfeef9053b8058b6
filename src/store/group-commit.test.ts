import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { tx } from './db.ts';
import { enableGroupCommit } from './group-commit.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A WAL file, the serving connection with group commit, and a second connection that sees only what committed. */
function setup(opts?: { maxWaitMs?: number; maxBatch?: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'xf-group-commit-'));
  dirs.push(dir);
  const path = join(dir, 'x.db');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)');
  const group = enableGroupCommit(db, opts);
  const other = new Database(path, { readonly: true });
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const seen = () => other.prepare('SELECT v FROM t ORDER BY id').pluck().all();
  return { db, group, insert, seen };
}
const turn = () => new Promise((r) => setImmediate(r));

describe('group commit', () => {
  it('commits the transactions of one turn together, and only then', async () => {
    const { db, group, insert, seen } = setup();
    const since = group.mark();
    tx(db, () => insert.run('a'));
    tx(db, () => insert.run('b'));
    expect(seen()).toEqual([]); // not on disk yet: nobody may have been answered
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(2); // the serving connection sees its batch
    await group.settled(since);
    expect(seen()).toEqual(['a', 'b']);
    expect(group.stats).toEqual({ batches: 1, joined: 2 });
  });

  it('rolls back a failing transaction alone; the others of its batch commit', async () => {
    const { db, group, insert, seen } = setup();
    const since = group.mark();
    tx(db, () => insert.run('a'));
    expect(() =>
      tx(db, () => {
        insert.run('b');
        insert.run('a'); // UNIQUE: this transaction fails, 'b' with it
      }),
    ).toThrow(/UNIQUE/);
    tx(db, () => insert.run('c'));
    await group.settled(since);
    expect(seen()).toEqual(['a', 'c']);
  });

  it('keeps the batch open while requests wait their turn, up to maxBatch', async () => {
    const { db, group, insert, seen } = setup({ maxWaitMs: 10_000, maxBatch: 3 });
    let waiting = true;
    group.holdWhile(() => waiting);
    const since = group.mark();
    tx(db, () => insert.run('a'));
    await turn();
    await turn();
    expect(seen()).toEqual([]); // held: more requests are queued
    tx(db, () => insert.run('b'));
    waiting = false;
    await group.settled(since);
    expect(seen()).toEqual(['a', 'b']);
    waiting = true;
    const next = group.mark();
    for (const v of ['c', 'd', 'e']) tx(db, () => insert.run(v));
    await group.settled(next); // maxBatch reached: committed though requests still wait
    expect(seen()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('answers at once when nothing is open, and commits an open batch on flush (shutdown)', async () => {
    const { db, group, insert, seen } = setup();
    await group.settled(group.mark());
    tx(db, () => insert.run('a'));
    group.flush();
    expect(seen()).toEqual(['a']);
    expect(db.inTransaction).toBe(false);
  });

  it('fails every request of a batch whose COMMIT fails, and leaves nothing half-written', async () => {
    const { db, group, insert, seen } = setup();
    db.exec('CREATE TABLE child (p INTEGER REFERENCES t(id) DEFERRABLE INITIALLY DEFERRED)');
    db.pragma('foreign_keys = ON');
    const since = group.mark();
    tx(db, () => insert.run('a'));
    tx(db, () => db.prepare('INSERT INTO child (p) VALUES (999)').run()); // checked only at COMMIT
    await expect(group.settled(since)).rejects.toThrow(/FOREIGN KEY/);
    expect(seen()).toEqual([]);
    expect(db.inTransaction).toBe(false);
    // A request that started before the failed batch learns of it too; later ones do not.
    await expect(group.settled(since - 1)).rejects.toThrow(/FOREIGN KEY/);
    const after = group.mark();
    tx(db, () => insert.run('b'));
    await group.settled(after);
    expect(seen()).toEqual(['b']);
  });
});
