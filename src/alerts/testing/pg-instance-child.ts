// One service instance in its own process on a shared PostgreSQL schema, for the test of alerts across
// instances: argv = database URL, schema and, optionally, a webhook URL for red alerts. Wired like createTestApp
// with the adapter passed in rather than through src/index.ts (which opens DATABASE_URL the same way): the tests
// need the keyword triage and a listener with short reconnect delays. Prints `ready <port>` once it listens for
// both HTTP and NOTIFY; ends on SIGTERM.
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../app.ts';
import { testConfig } from '../../config.ts';
import { createDeps } from '../../deps.ts';
import { PgSyncDb } from '../../store/pg/pg-sync-db.ts';
import { TEST_ADMIN_KEY } from '../../testing/test-app.ts';
import { createPgAlertBus } from '../alert-bus.ts';
import { simpleTriage } from './simple-triage.ts';

const [url, schema, webhook] = process.argv.slice(2);
const db = new PgSyncDb(url);
db.exec(`SET search_path TO ${schema}`);
const bus = createPgAlertBus({ db, url, minDelayMs: 50, maxDelayMs: 200 });
const config = testConfig({
  ADMIN_API_KEY: TEST_ADMIN_KEY,
  RATE_LIMIT_PER_MIN: '0',
  ...(webhook ? { ALERT_WEBHOOK_URL: webhook } : {}),
});
const deps = await createDeps(config, {
  db,
  triage: simpleTriage,
  alertBus: bus,
});
while (!bus.listener?.listening) await new Promise((r) => setTimeout(r, 10));
const server = serve({ fetch: createApp(deps).fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) =>
  process.stdout.write(`ready ${info.port}\n`),
);
process.on('SIGTERM', () => {
  deps.close();
  server.close();
  process.exit(0);
});
