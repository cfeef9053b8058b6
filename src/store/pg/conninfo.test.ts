import { describe, expect, it } from 'vitest';
import { conninfo, isPostgresUrl, redactUrl } from './conninfo.ts';

describe('conninfo', () => {
  it('adds the timeouts and keepalives the URL does not set, percent-encoded for libpq', () => {
    const c = new URL(conninfo('postgres://app:pw@db.internal:5432/xinfang'));
    expect(c.searchParams.get('connect_timeout')).toBe('5');
    expect(c.searchParams.get('keepalives_idle')).toBe('30');
    expect(c.searchParams.get('options')).toContain('-c statement_timeout=30000');
    expect(c.searchParams.get('options')).toContain('-c idle_in_transaction_session_timeout=60000');
    expect(conninfo('postgres://h/d')).not.toContain('+');
  });

  it("keeps the URL's own values", () => {
    const c = new URL(conninfo('postgresql://h/d?connect_timeout=2&options=-c%20statement_timeout%3D5000'));
    expect(c.searchParams.get('connect_timeout')).toBe('2');
    const options = c.searchParams.get('options') ?? '';
    expect(options.match(/statement_timeout=/g)).toHaveLength(1);
    expect(options).toContain('statement_timeout=5000');
  });

  it.each([
    ['postgres://h/d', true],
    ['postgresql://h/d', true],
    ['mysql://h/d', false],
    ['./data/x.db', false],
  ])('isPostgresUrl(%s) is %s', (url, yes) => {
    expect(isPostgresUrl(url)).toBe(yes);
  });

  it('hides the password', () => {
    expect(redactUrl('postgres://app:secret@h/d')).toBe('postgres://app:***@h/d');
  });
});
