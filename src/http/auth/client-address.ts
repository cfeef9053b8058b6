import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The address failures are counted against. The socket's peer, except behind a reverse proxy on the same
 * host (docs/operations.md): then the last X-Forwarded-For entry, the one the proxy itself added (earlier
 * entries come from the client and could be anything). In-process requests (tests) have no socket.
 */
export function clientAddress(c: Context): string {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    peer = undefined;
  }
  const forwarded = c.req.header('x-forwarded-for');
  if (forwarded && (!peer || LOOPBACK.has(peer))) {
    const last = forwarded
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .pop();
    if (last) return last;
  }
  return peer ?? 'local';
}
