import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { AlertService } from '../../alerts/alert-service.ts';
import type { AlertSubscriber } from '../../alerts/hub.ts';
import type { DispatchMessage } from '../../alerts/types.ts';
import type { AppEnv } from '../app-env.ts';

/**
 * Server-Sent Events from the dispatch hub until the client goes or the hub closes the subscription (its key was
 * revoked, its session ended), with heartbeat comments so proxies keep the connection. `write` decides what a
 * subscriber hears; `afterSubscribe` runs once subscribed, so a replay cannot miss a message sent in between.
 */
export function hubStream(
  c: Context<AppEnv>,
  hub: Pick<AlertService, 'subscribe'>,
  write: (stream: SSEStreamingApi, m: DispatchMessage) => void,
  heartbeatMs: number,
  afterSubscribe?: (send: (m: DispatchMessage) => void) => void,
) {
  return streamSSE(c, async (stream) => {
    await new Promise<void>((resolve) => {
      let beat: NodeJS.Timeout | undefined;
      const end = () => {
        clearInterval(beat);
        unsubscribe();
        resolve();
      };
      const send = (m: DispatchMessage) => write(stream, m);
      const subscriber: AlertSubscriber = { send, close: end };
      const unsubscribe = hub.subscribe(subscriber);
      stream.onAbort(end);
      beat = setInterval(() => void stream.write(': heartbeat\n\n'), heartbeatMs);
      void stream.write(': connected\n\n');
      afterSubscribe?.(send);
    });
  });
}
