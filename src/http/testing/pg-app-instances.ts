import { spawn } from 'node:child_process';
import { TEST_DATABASE_URL } from '../../store/pg/testing/pg-test-db.ts';

/** A service instance in its own process (pg-app-child.ts), listening on a loopback port. */
export interface AppInstance {
  url: string;
  stop(): Promise<void>;
}

export interface InstanceOptions {
  /** The instance's clock, standing still. */
  now: string;
  perMin: number;
  burst: number;
  /** `local`: buckets counted in the process only (the behaviour before migration 020), for the control runs. */
  buckets?: 'shared' | 'local';
}

/** Starts one instance on `schema` of TEST_DATABASE_URL and resolves once it listens. */
export function startInstance(schema: string, o: InstanceOptions): Promise<AppInstance> {
  const script = new URL('./pg-app-child.ts', import.meta.url).pathname;
  const args = [TEST_DATABASE_URL!, schema, o.now, String(o.perMin), String(o.burst), o.buckets ?? 'shared'];
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m)
        resolve({
          url: `http://127.0.0.1:${m[1]}`,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
        });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => reject(new Error(`instance exited (${code}) before listening:\n${out}`)));
  });
}

/** Starts the instances at once, as a deployment does (each registers ADMIN_API_KEY; key-store.ts seed copes). */
export function startInstances(schema: string, n: number, o: InstanceOptions): Promise<AppInstance[]> {
  return Promise.all(Array.from({ length: n }, () => startInstance(schema, o)));
}
