import type { Target } from './types.ts';

/** An entry over HTTP: POST {base}{endpoint} with JSON; extra headers carry e.g. an API key. */
export function createHttpTarget(baseUrl: string, headers: Record<string, string> = {}): Target {
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  return {
    kind: 'http',
    url: base,
    send: (endpoint, body, signal) =>
      fetch(`${base}${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify(body),
        signal,
      }),
    get: (path, signal) => fetch(`${base}${path}`, { headers: { accept: 'application/json', ...headers }, signal }),
    close: async () => {},
  };
}
