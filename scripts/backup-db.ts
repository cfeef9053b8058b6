/**
 * Online backup of the service's SQLite database, safe while the service runs and writes:
 *   DB_PATH=./data/xinfang.db npx tsx scripts/backup-db.ts /backup/xinfang-2026-03-02.db
 *   npx tsx scripts/backup-db.ts --check /backup/xinfang-2026-03-02.db     check an existing backup only
 * `VACUUM INTO` writes a consistent snapshot from one read transaction: in WAL mode it never blocks the
 * service's writers, and it never restarts under load as a page-by-page copy can. The copy is then checked
 * the way a restore would be: SQLite's integrity check and the case file's hash chain (audit verifier).
 * Prints one JSON line; exits 1 when the copy does not check out. Personal data stays encrypted in the copy:
 * keep the PII_KEY (and earlier keys) as long as the backups they open (docs/operations.md).
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createEventLog, type VerifyResult } from '../src/audit/event-log.ts';
import { systemClock } from '../src/clock.ts';
import { loadConfig } from '../src/config.ts';

export interface BackupCheck {
  file: string;
  integrity: string;
  petitions: number;
  caseFile: VerifyResult;
  ok: boolean;
}

/** Copies the live database at dbPath to dest (replacing it only once the new copy is complete). */
export function backupDb(dbPath: string, dest: string): void {
  if (!existsSync(dbPath)) throw new Error(`no database at ${dbPath}`);
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true });
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare('VACUUM INTO ?').run(partial);
  } finally {
    db.close();
  }
  renameSync(partial, dest);
}

/** The case file's check; a file without this service's tables is a failed check with the reason, not a crash. */
function verifyOrExplain(db: Database.Database): BackupCheck['caseFile'] {
  try {
    return createEventLog(db, systemClock).verify();
  } catch (e) {
    return {
      ok: false,
      events: 0,
      brokenAt: null,
      petitionId: null,
      reason: `备份不是本服务的数据库结构，无法核验案卷：${(e as Error).message}`,
    } as BackupCheck['caseFile'];
  }
}

/** Opens a backup read-only and checks it as a restore would: integrity, and the case file's hash chain. */
export function checkBackup(file: string): BackupCheck {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const petitions = (db.prepare('SELECT count(*) AS n FROM petitions').get() as { n: number }).n;
    const caseFile = verifyOrExplain(db);
    return { file, integrity, petitions, caseFile, ok: integrity === 'ok' && caseFile.ok };
  } finally {
    db.close();
  }
}

function main(argv: string[]) {
  const checkOnly = argv.includes('--check');
  const target = argv.filter((a) => !a.startsWith('--'))[0];
  if (!target) {
    console.error(
      'usage: DB_PATH=<live db> npx tsx scripts/backup-db.ts <backup file>   |   npx tsx scripts/backup-db.ts --check <backup file>',
    );
    process.exit(2);
  }
  const dest = resolve(target);
  const started = performance.now();
  if (!checkOnly) backupDb(loadConfig().DB_PATH, dest);
  const result = { ...checkBackup(dest), ms: Math.round(performance.now() - started) };
  console.log(JSON.stringify(result));
  process.exitCode = result.ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
