/**
 * How soon a red alert reaches dispatch: the time from sending POST /v1/petitions with a red petition to the alert
 * event on an open /v1/alerts/stream, on the real server process (src/index.ts) over loopback. Not a test: the
 * tests check that the alert is pushed at all; the "at once" of the brief is a figure measured here.
 *
 *   npx tsx scripts/bench-alert-push.ts [--n 40] [--url http://127.0.0.1:8787 --key <admin key>]
 *
 * Without --url it starts its own server on an in-memory SQLite database with the configured models (as the
 * service runs) and stops it afterwards. Red and green petitions alternate, each from a different petitioner and
 * with a different text, so that neither repeat matching nor a cluster changes what is raised. Prints p50, p99 and
 * the maximum in milliseconds, and the machine's load, as JSON.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startServer, type ServerProcess } from '../src/testing/server-process.ts';
import { sseReader } from '../src/testing/sse-client.ts';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '40' }, url: { type: 'string' }, key: { type: 'string' } },
});
const N = Number(values.n);
if (!Number.isInteger(N) || N < 1) throw new Error('--n 须为正整数');

// Red by what the petitioner says they will do; the matter differs each time (see the header).
const MATTERS = ['工资拖欠半年', '征地补偿一直没给', '房子被强拆', '医疗事故没人负责', '孩子学费被乱收'];
const redText = (i: number) =>
  `${MATTERS[i % MATTERS.length]}没人管（第${i + 1}次反映），再不解决我就从县政府楼上跳楼。`;
const greenText = (i: number) => `小区${i + 1}号楼门口路灯坏了两个月，晚上出行不便，请尽快维修。`;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};

async function main() {
  let srv: ServerProcess | undefined;
  const url = values.url ?? (srv = await startServer({ DB_PATH: ':memory:' }, 120_000)).url;
  const key = values.key ?? srv!.key;
  const auth = { authorization: `Bearer ${key}` };
  try {
    const stream = await fetch(`${url}/v1/alerts/stream`, { headers: auth });
    if (stream.status !== 200) throw new Error(`/v1/alerts/stream 返回 ${stream.status}`);
    const sse = sseReader(stream);
    await sse.next((e) => e.comment === 'connected');
    const register = async (text: string, i: number) => {
      const res = await fetch(`${url}/v1/petitions`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({
          text,
          channel: '网络',
          petitioner: { name: '王某', phone: `1380000${String(i).padStart(4, '0')}` },
        }),
      });
      if (res.status !== 201) throw new Error(`登记返回 ${res.status}：${await res.text()}`);
      return ((await res.json()) as { id: string }).id;
    };
    await register(greenText(N), 2 * N); // warms the service up; raises no alert
    const ms: number[] = [];
    for (let i = 0; i < N; i++) {
      await register(greenText(i), 2 * i);
      const started = performance.now();
      const id = await register(redText(i), 2 * i + 1);
      await sse.next((e) => e.event === 'alert' && JSON.parse(e.data!).petition_id === id, 60_000);
      ms.push(performance.now() - started);
    }
    await sse.cancel();
    const round = (x: number) => Math.round(x * 10) / 10;
    console.log(
      JSON.stringify({
        redPetitions: N,
        pushMs: { p50: round(quantile(ms, 0.5)), p99: round(quantile(ms, 0.99)), max: round(Math.max(...ms)) },
        machine: { cpus: cpus().length, load1: round(loadavg()[0]) },
      }),
    );
  } finally {
    srv?.child.kill('SIGTERM');
    await srv?.exited;
  }
}

await main();
