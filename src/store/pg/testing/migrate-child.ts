// One instance's start-up migration, for the test that starts two at once: argv = database URL, schema, and the
// wall-clock time (ms) at which to begin, so both processes reach the lock together. Prints how many it applied.
import { migratePg } from '../migrate-pg.ts';
import { PgSyncDb } from '../pg-sync-db.ts';

const [url, schema, startAt] = process.argv.slice(2);
const db = new PgSyncDb(url);
db.exec(`SET search_path TO ${schema}`);
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const applied = migratePg(db);
db.close();
process.stdout.write(`${applied}\n`);
