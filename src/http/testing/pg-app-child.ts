// One service instance in its own process on a shared PostgreSQL schema, for the tests of rate limits and
// sessions across instances: argv = database URL, schema, the instance's clock (ISO; it stands still, so no
// bucket refills during a test), requests a minute and burst of the per-key limit, and `shared` or `local`.
// `local` counts the buckets in this process only (what every instance did before migration 020), so the test can
// show that its assertions fail without the shared table. Wired like createTestApp with the adapter passed in
// rather than through src/index.ts: the tests need a clock that stands still and the keyword triage. Prints
// `ready <port>` once it listens; ends on SIGTERM.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../app.ts';
import { createManualClock } from '../../clock.ts';
import { testConfig } from '../../config.ts';
import { createDeps } from '../../deps.ts';
import { simpleTriage } from '../../alerts/testing/simple-triage.ts';
import { openDb } from '../../store/db.ts';
import { PgSyncDb } from '../../store/pg/pg-sync-db.ts';
import { createRateBucketsRepo } from '../../store/rate-buckets-repo.ts';
import { TEST_ADMIN_KEY } from '../../testing/test-app.ts';

const [url, schema, now, perMin, burst, buckets] = process.argv.slice(2);
const db = new PgSyncDb(url);
db.exec(`SET search_path TO ${schema}`);
const deps = await createDeps(
  testConfig({
    ADMIN_API_KEY: TEST_ADMIN_KEY,
    LOG_LEVEL: 'error',
    RATE_LIMIT_PER_MIN: perMin,
    RATE_LIMIT_BURST: burst,
  }),
  { db, clock: createManualClock(now), triage: simpleTriage },
);
if (buckets === 'local') deps.rateBuckets = createRateBucketsRepo(openDb(':memory:'));
const server = serve({ fetch: createApp(deps).fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
  process.stdout.write(`ready ${info.port}\n`),
);
process.on('SIGTERM', () => {
  deps.close();
  server.close();
  process.exit(0);
});
