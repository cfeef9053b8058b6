// One instance's timer step in its own process, for the tests that two instances never act twice on one PostgreSQL
// database: argv = step (escalate | remind), database URL, schema, the instance's clock (ISO), an advisory lock key.
// It waits on the lock (the test holds it, so every instance starts at the same moment), runs the step until nothing
// is due and prints `done <acted> <failed runs>`.
import { simpleTriage } from '../alerts/testing/simple-triage.ts';
import { createManualClock } from '../clock.ts';
import { testConfig } from '../config.ts';
import { createDeps } from '../deps.ts';
import { PgSyncDb } from '../store/pg/pg-sync-db.ts';

const [step, url, schema, now, key] = process.argv.slice(2);
const db = new PgSyncDb(url);
db.exec(`SET search_path TO ${schema}`);
const deps = await createDeps(testConfig({ LOG_LEVEL: 'error' }), {
  db,
  clock: createManualClock(now),
  triage: simpleTriage,
});
const run = step === 'escalate' ? () => deps.alerts.checkEscalations().length : () => deps.reminders.sweep().length;
process.stdout.write('waiting\n');
db.prepare('SELECT pg_advisory_lock_shared(?)').get(Number(key));
db.prepare('SELECT pg_advisory_unlock_shared(?)').get(Number(key));
let acted = 0;
let failed = 0;
// A run that fails (two instances appending to the case-file chain at once) rolls back whole, its claims too, and
// what it took stays due: the next run takes it again, as the timer would a little later.
for (let tries = 0; tries < 200; tries++) {
  try {
    const n = run();
    acted += n;
    if (n === 0) break;
  } catch (e) {
    failed++;
    process.stderr.write(`${step} failed: ${String(e)}\n`);
  }
}
process.stdout.write(`done ${acted} ${failed}\n`);
deps.close();
