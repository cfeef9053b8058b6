import { describe, expect, it } from 'vitest';
import { pgError } from './pg-errors.ts';

describe('pgError', () => {
  it.each([
    ['23505', 'SQLITE_CONSTRAINT_UNIQUE'],
    ['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY'],
    ['P0001', 'SQLITE_CONSTRAINT_TRIGGER'],
    ['53100', 'SQLITE_FULL'],
    ['25006', 'SQLITE_READONLY'],
    ['08006', 'SQLITE_IOERR'],
    ['57P01', 'SQLITE_IOERR'],
    ['23P01', 'SQLITE_CONSTRAINT'],
    ['42601', 'SQLITE_ERROR'],
  ])('maps SQLSTATE %s to %s', (sqlState, code) => {
    expect(pgError('x', { sqlState })).toMatchObject({ code, sqlState });
  });

  it('treats an error without SQLSTATE (the connection is gone) as an I/O failure', () => {
    expect(pgError('server closed the connection unexpectedly', undefined)).toMatchObject({
      code: 'SQLITE_IOERR',
      message: 'server closed the connection unexpectedly',
    });
  });

  it("words a unique violation as SQLite does, from the key's column names only", () => {
    const e = pgError('ERROR: duplicate key', {
      sqlState: '23505',
      messagePrimary: 'duplicate key value violates unique constraint "api_keys_name_key"',
      messageDetail: 'Key (name, role)=(窗口 张, reception) already exists.',
      tableName: 'api_keys',
      constraintName: 'api_keys_name_key',
    });
    expect(e.message).toBe(
      'UNIQUE constraint failed: api_keys.name, api_keys.role (duplicate key value violates unique constraint "api_keys_name_key")',
    );
    expect(e.constraint).toBe('api_keys_name_key');
  });
});
