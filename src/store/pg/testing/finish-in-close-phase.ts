// For libpq.test.ts: ends libpq connections in libuv's close phase, the worst case for endLibpqConnection, then
// collects garbage and fills the freed memory before the close phase in which uv_close completes. Without the
// hold this aborts the process (uv__finish_close assertion); it prints "survived" otherwise. argv = database URL.
// Run with --expose-gc.
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { connectLibpq, endLibpqConnection } from '../libpq.ts';

const url = process.argv[2];
const gc = (globalThis as { gc?: () => void }).gc;
if (!url || !gc) throw new Error('usage: node --expose-gc --import tsx finish-in-close-phase.ts <database url>');
createRequire(import.meta.url)('pg-native'); // loaded before the clock matters

const collectAndReuse = () => {
  gc();
  gc();
  const junk: Buffer[] = [];
  for (let i = 0; i < 20_000; i++) junk.push(Buffer.alloc(64 + (i % 512)));
};

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  const socket = connect(port, '127.0.0.1', () => socket.destroy());
  // 'close' is emitted from the socket handle's close callback, that is in the close phase.
  socket.on('close', () => {
    server.close();
    for (let i = 0; i < 20; i++) {
      const pq = connectLibpq(url);
      endLibpqConnection(pq, () => pq.finish());
    }
    // The next turn runs its timers and its check phase before the close phase that completes those uv_close.
    setTimeout(() => setImmediate(collectAndReuse), 0);
    // A pending immediate keeps this turn's poll phase from waiting for the timer. Against the one-turn hold it
    // made the difference here: 5 of 5 runs survived without it, 6 of 10 aborted with it.
    setImmediate(() => {});
    setTimeout(() => process.stdout.write('survived\n'), 100);
  });
});
