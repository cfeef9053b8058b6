// autocannon ships no types and @types/autocannon is not installed: the part bench-load.ts uses.
declare module 'autocannon' {
  interface Histogram {
    average: number;
    total: number;
    p50: number;
    p99: number;
    max: number;
  }
  interface Result {
    requests: Histogram;
    latency: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
    statusCodeStats?: Record<string, { count: number }>;
  }
  interface Options {
    url: string;
    timeout?: number;
    method?: string;
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    body?: string;
    /** Each request in turn; setupRequest may rewrite it (e.g. a new body) just before it is sent. */
    requests?: {
      setupRequest?: (req: {
        method?: string;
        path?: string;
        headers?: Record<string, string>;
        body?: string;
      }) => object;
    }[];
  }
  function autocannon(opts: Options, cb: (err: Error | null, result: Result) => void): unknown;
  export default autocannon;
}
