// One instance's escalation step in its own process, for the test that two instances never escalate an alert
// twice: argv = database URL, schema, the instance's clock (ISO), an advisory lock key. It waits on the lock
// (the test holds it, so every instance starts at the same moment), escalates until nothing is due and prints
// `done <escalated> <failed batches>`.
import { createManualClock } from '../../clock.ts';
import { testConfig } from '../../config.ts';
import { createDeps } from '../../deps.ts';
import { PgSyncDb } from '../../store/pg/pg-sync-db.ts';
import { simpleTriage } from './simple-triage.ts';

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
let escalated = 0;
let failed = 0;
// A batch that fails (two instances appending to the case-file chain at once) rolls back whole and its alerts
// stay due: the next call takes them again, as the timer would a few seconds later.
for (let tries = 0; tries < 200; tries++) {
  try {
    const n = deps.alerts.checkEscalations().length;
    escalated += n;
    if (n === 0) break;
  } catch {
    failed++;
  }
}
process.stdout.write(`done ${escalated} ${failed}\n`);
deps.alerts.close();
deps.anchoring.close();
db.close();
