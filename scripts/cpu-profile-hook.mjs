/**
 * Profiles a process from start to exit, for a server started by a benchmark (--cpu-prof is not allowed in
 * NODE_OPTIONS, --import is): NODE_OPTIONS="--import ./scripts/cpu-profile-hook.mjs" CPU_PROFILE_DIR=/tmp/prof.
 * Writes CPU_PROFILE_DIR/<pid>.cpuprofile (open it in Chrome DevTools or summarise it with scripts/cpu-profile-top.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const dir = process.env.CPU_PROFILE_DIR ?? '.';
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
process.on('exit', () => {
  // An in-process session answers synchronously, so the profile is written before the process ends.
  session.post('Profiler.stop', (err, res) => {
    if (err) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}/${process.pid}.cpuprofile`, JSON.stringify(res.profile));
  });
});
