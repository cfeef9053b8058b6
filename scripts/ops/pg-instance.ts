/**
 * Interim entry for one service instance on PostgreSQL (issue 22), used by scripts/bench-instances.ts:
 *
 *   DATABASE_URL='postgres://…?options=-csearch_path%3Dmyschema' PII_KEY=… ADMIN_API_KEY=… npx tsx scripts/ops/pg-instance.ts
 *
 * src/store/open-store.ts still refuses a PostgreSQL DATABASE_URL until every suite passes on it (the lead lifts
 * that). This file is src/index.ts with the database passed in the way the test children do
 * (src/alerts/testing/pg-instance-child.ts) — openPgDb(DATABASE_URL), then migratePg under its advisory lock, which
 * is what openStore will do — and everything else from the environment as in production: real triage, the alert
 * bus on DATABASE_URL, PII and admin keys. Once openStore accepts the URL, `npm start` with the same environment
 * replaces this file (one line in scripts/bench-instances.ts, PG_ENTRY) and this file can be deleted.
 */
import { serve } from '@hono/node-server';
import { createApp } from '../../src/app.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createDeps } from '../../src/deps.ts';
import { StartupError } from '../../src/errors.ts';
import { migratePg } from '../../src/store/pg/migrate-pg.ts';
import { openPgDb } from '../../src/store/pg/pg-sync-db.ts';

/** Fails start-up with the message alone, as src/index.ts does. */
function refuse(e: unknown): never {
  if (e instanceof ConfigError || e instanceof StartupError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (e) {
  refuse(e);
}
if (!config.DATABASE_URL)
  refuse(new StartupError('scripts/ops/pg-instance.ts 需要 DATABASE_URL（PostgreSQL 连接地址）'));

const db = openPgDb(config.DATABASE_URL);
migratePg(db);
let deps: Awaited<ReturnType<typeof createDeps>>;
try {
  deps = await createDeps(config, { db });
} catch (e) {
  db.close();
  refuse(e);
}
const server = serve({ fetch: createApp(deps).fetch, hostname: config.HOST, port: config.PORT }, (info) =>
  deps.log.info('listening', { url: `http://${info.address}:${info.port}`, db: 'postgres' }),
);

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  deps.log.info('shutting down', { signal });
  deps.alerts.close();
  server.close(() => {
    deps.close();
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
