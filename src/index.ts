import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createDeps } from './deps.ts';

// The only file with side effects: read config, wire dependencies, listen, and shut down cleanly.
let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(1);
  }
  throw e;
}

const deps = await createDeps(config);
const server = serve({ fetch: createApp(deps).fetch, hostname: config.HOST, port: config.PORT }, (info) => {
  deps.log.info('listening', { url: `http://${info.address === '::' ? 'localhost' : info.address}:${info.port}`, db: config.DB_PATH });
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
