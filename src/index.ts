import module from 'node:module';

// The only file with side effects: read config, wire dependencies, listen, and shut down cleanly.

// Node ≥ 22.1 keeps V8's compiled code of every module between starts (NODE_COMPILE_CACHE, else the OS temp
// folder), which saves about a quarter of the import time; Node 20 has no such cache. It must be on before
// the rest is imported, hence the dynamic imports below.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { serve } = await import('@hono/node-server');
const { createApp } = await import('./app.ts');
const { ConfigError, loadConfig } = await import('./config.ts');
const { createDeps } = await import('./deps.ts');
const { redactUrl } = await import('./store/pg/conninfo.ts');

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const { StartupError } = await import('./errors.ts');
let deps: Awaited<ReturnType<typeof createDeps>>;
try {
  deps = await createDeps(config);
} catch (e) {
  // A refused start (no PII_KEY in production, a key that does not open the data, model files missing or not
  // those of models/manifest.json, a DATABASE_URL that does not connect) is a message, not a stack.
  if (e instanceof StartupError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}
const server = serve({ fetch: createApp(deps).fetch, hostname: config.HOST, port: config.PORT }, (info) => {
  deps.log.info('listening', {
    url: `http://${info.address === '::' ? 'localhost' : info.address}:${info.port}`,
    // PostgreSQL when DATABASE_URL is set (its password left out of the log), else the SQLite file.
    db: config.DATABASE_URL ? redactUrl(config.DATABASE_URL) : config.DB_PATH,
  });
});

let stopping = false;
function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  deps.log.info('shutting down', { signal });
  // Alert streams never end by themselves: end them first, or close() would wait for them until the timeout.
  deps.alerts.close();
  // close() stops accepting connections and waits for in-flight requests; then the database is closed.
  server.close(() => {
    deps.close();
    deps.log.info('stopped');
    process.exit(0);
  });
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
