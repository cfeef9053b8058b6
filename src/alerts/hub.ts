import type { DispatchMessage } from './types.ts';

/** One open stream: `send` must not throw or block; `close` ends the stream (on shutdown). */
export interface AlertSubscriber {
  send(message: DispatchMessage): void;
  close(): void;
}

/** The in-process fan-out to every open alert stream: alert events and 督办 notices. */
export function createAlertHub() {
  const subscribers = new Set<AlertSubscriber>();
  return {
    /** Adds a subscriber; the returned function removes it (call it on disconnect). */
    subscribe(s: AlertSubscriber): () => void {
      subscribers.add(s);
      return () => {
        subscribers.delete(s);
      };
    },
    publish(message: DispatchMessage) {
      for (const s of subscribers) {
        try {
          s.send(message);
        } catch {
          // A broken stream must not keep the alert from the others; its abort handler removes it.
        }
      }
    },
    get size() {
      return subscribers.size;
    },
    closeAll() {
      for (const s of [...subscribers]) s.close();
      subscribers.clear();
    },
  };
}

export type AlertHub = ReturnType<typeof createAlertHub>;
