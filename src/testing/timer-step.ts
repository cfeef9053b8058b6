import { spawn } from 'node:child_process';
import { TEST_DATABASE_URL } from '../store/pg/testing/pg-test-db.ts';

/**
 * Runs one instance's escalation step or reminder sweep in its own process (timer-step-child.ts) on `schema`,
 * with its clock at `now`; it starts when the test releases advisory lock `key`. Resolves with how many alerts it
 * escalated or reminders it sent, and how many of its runs rolled back.
 */
export function runTimerStep(step: 'escalate' | 'remind', schema: string, now: string, key: number) {
  const script = new URL('./timer-step-child.ts', import.meta.url).pathname;
  const args = ['--import', 'tsx', script, step, TEST_DATABASE_URL!, schema, now, String(key)];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise<{ acted: number; failed: number }>((resolve, reject) =>
    child.on('exit', (code) => {
      const m = /done (\d+) (\d+)/.exec(out);
      if (code === 0 && m) resolve({ acted: Number(m[1]), failed: Number(m[2]) });
      else reject(new Error(`${step} child exited (${code}):\n${out}`));
    }),
  );
}
