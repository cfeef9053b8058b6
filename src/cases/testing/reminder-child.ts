// One instance's reminder sweep in its own process, for the test that two instances never send a statutory-clock
// reminder twice: argv = database URL, schema, the instance's clock (ISO), an advisory lock key. It waits on the
// lock (the test holds it, so every instance starts at the same moment), sweeps until nothing is due and prints
// `done <reminders sent> <failed sweeps>`.
import { simpleTriage } from '../../alerts/testing/simple-triage.ts';
import { createManualClock } from '../../clock.ts';
import { testConfig } from '../../config.ts';
import { createDeps } from '../../deps.ts';
import { PgSyncDb } from '../../store/pg/pg-sync-db.ts';

const [url, schema, now, key] = process.argv.slice(2);
const db = new PgSyncDb(url);
db.exec(`SET search_path TO ${schema}`);
const deps = await createDeps(testConfig({ LOG_LEVEL: 'error' }), {
  db,
  clock: createManualClock(now),
  triage: simpleTriage,
});
process.stdout.write('waiting\n');
db.prepare('SELECT pg_advisory_lock_shared(?)').get(Number(key));
db.prepare('SELECT pg_advisory_unlock_shared(?)').get(Number(key));
let sent = 0;
let failed = 0;
// A sweep whose transaction fails rolls back whole (its claims too) and the next one takes those deadlines again,
// as the timer would a few minutes later.
for (let tries = 0; tries < 50; tries++) {
  try {
    const n = deps.reminders.sweep().length;
    sent += n;
    if (n === 0) break;
  } catch (e) {
    failed++;
    process.stderr.write(`sweep failed: ${String(e)}\n`);
  }
}
process.stdout.write(`done ${sent} ${failed}\n`);
deps.close();
