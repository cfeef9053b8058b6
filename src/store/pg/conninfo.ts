/**
 * The libpq connection string for DATABASE_URL with the service's defaults added where the URL sets nothing.
 * Every statement blocks the event loop (docs/design/postgres.md §2.7), so each wait is bounded: connecting,
 * a dead peer (TCP keepalives, tcp_user_timeout for unacknowledged writes), a statement that runs too long, and
 * a transaction left open by a stuck request. A value in the URL's query always wins over these.
 */
export const CONNECTION_DEFAULTS: Record<string, string> = {
  application_name: 'xinfang-assist',
  client_encoding: 'UTF8',
  connect_timeout: '5',
  keepalives: '1',
  keepalives_idle: '30',
  keepalives_interval: '10',
  keepalives_count: '3',
  tcp_user_timeout: '30000',
};

/** Server settings sent as `options=-c name=value`; milliseconds. */
export const SESSION_DEFAULTS: Record<string, string> = {
  statement_timeout: '30000',
  idle_in_transaction_session_timeout: '60000',
  // Notices (DROP … CASCADE, IF NOT EXISTS) would go to stderr through libpq's default notice processor.
  client_min_messages: 'warning',
  // Text the store writes and reads back, never a date type: the zone only matters to now()-style SQL.
  TimeZone: 'UTC',
};

/** True for the URL schemes libpq takes and the config accepts. */
export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

/** DATABASE_URL plus the defaults its query does not set; the session settings go into `options`. */
export function conninfo(url: string): string {
  const u = new URL(url);
  const params = new Map(u.searchParams);
  for (const [k, v] of Object.entries(CONNECTION_DEFAULTS)) if (!params.has(k)) params.set(k, v);
  const given = params.get('options') ?? '';
  const extra = Object.entries(SESSION_DEFAULTS)
    .filter(([k]) => !new RegExp(`(^|\\s)-c\\s*${k}=`, 'i').test(given))
    .map(([k, v]) => `-c ${k}=${v}`);
  if (extra.length) params.set('options', [given, ...extra].filter(Boolean).join(' '));
  // libpq percent-decodes the query but reads '+' literally, so URLSearchParams' encoding would not do.
  const query = [...params].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  u.search = '';
  return `${u.toString()}?${query}`;
}

/** The URL without its password, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
