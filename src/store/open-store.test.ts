import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testConfig } from '../config.ts';
import { StartupError } from '../errors.ts';
import { openStore } from './open-store.ts';
import { collationProblem, connectProblem } from './pg/open-pg-store.ts';
import { PgSyncDb } from './pg/pg-sync-db.ts';
import { readPgMigrations } from './pg/migrate-pg.ts';
import { openTestSchema, skipReason, TEST_DATABASE_URL } from './pg/testing/pg-test-db.ts';

const withSchema = (url: string, schema: string) =>
  `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;

describe('openStore', () => {
  it('opens the embedded SQLite database when DATABASE_URL is unset', () => {
    const db = openStore(testConfig());
    expect(db.prepare('SELECT COUNT(*) AS n FROM petitions').get()).toEqual({ n: 0 });
    db.close();
  });

  it("gives the SQLite file the page cache SQLITE_CACHE_MIB asks for, and better-sqlite3's 16 MiB without it", () => {
    const sized = openStore(testConfig({ SQLITE_CACHE_MIB: '256' }));
    expect(sized.pragma('cache_size', { simple: true })).toBe(-256 * 1024);
    sized.close();
    const plain = openStore(testConfig());
    expect(plain.pragma('cache_size', { simple: true })).toBe(-16000);
    plain.close();
  });

  it('names an unreachable PostgreSQL in Chinese, without the password', () => {
    const config = testConfig({ DATABASE_URL: 'postgres://xf:secret@127.0.0.1:1/xinfang' });
    expect(() => openStore(config)).toThrow(StartupError);
    expect(() => openStore(config)).toThrow(/127\.0\.0\.1:1.*没有 PostgreSQL 在运行.*服务未启动/);
    expect(() => openStore(config)).not.toThrow(/secret/);
  });

  it.each([
    ['FATAL:  database "nodb" does not exist', '数据库不存在'],
    ['FATAL:  password authentication failed for user "xf"', '用户名或密码错误'],
    ['could not translate host name "db.invalid" to address', '主机名无法解析'],
    ['invalid URI query parameter: "foo"', '查询参数有误'],
    ['something new', '无法建立连接'],
  ])('explains the driver message %j as %s', (reason, hint) => {
    expect(connectProblem('postgres://xf:pw@db/x', reason)).toContain(hint);
    expect(connectProblem('postgres://xf:pw@db/x', reason)).not.toContain(':pw@');
  });

  it('refuses, with the fix, a collation that does not order text by code point', () => {
    expect(collationProblem({ collation: 'C.UTF-8', codePoint: 1 })).toBeUndefined();
    const problem = collationProblem({ collation: 'zh_CN.UTF-8', codePoint: 0 });
    expect(problem).toMatch(/排序规则是 zh_CN\.UTF-8.*服务未启动/);
    expect(problem).toContain("LOCALE 'C.UTF-8'");
  });
});

describe.skipIf(!TEST_DATABASE_URL)('openStore on PostgreSQL', () => {
  skipReason();

  it('connects to DATABASE_URL, applies migrations-pg in the schema of its search_path once, with the C collation', () => {
    const t = openTestSchema();
    try {
      const config = testConfig({ DATABASE_URL: withSchema(TEST_DATABASE_URL!, t.schema) });
      const db = openStore(config);
      expect(db.prepare('SELECT COUNT(*) AS n FROM petitions').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT current_schema() AS s').pluck().get()).toBe(t.schema);
      const applied = t.db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get();
      expect(applied).toBe(readPgMigrations().length);
      db.close();
      openStore(config).close(); // a second instance finds nothing left to apply
      expect(t.db.prepare('SELECT COUNT(*) FROM schema_migrations').pluck().get()).toBe(applied);
    } finally {
      t.drop();
    }
  });

  it('refuses a search_path that names no existing schema, in Chinese', () => {
    const config = testConfig({ DATABASE_URL: withSchema(TEST_DATABASE_URL!, 'no_such_schema_xf') });
    expect(() => openStore(config)).toThrow(StartupError);
    expect(() => openStore(config)).toThrow(/search_path 里没有一个已存在的 schema.*CREATE SCHEMA/);
  });

  // An ICU database reports datcollate C.UTF-8 and still orders by its locale: the check is by behaviour.
  it('refuses a database that orders text by a Chinese ICU locale, before migrating anything', () => {
    const name = `xf_coll_${randomBytes(4).toString('hex')}`;
    const admin = new PgSyncDb(TEST_DATABASE_URL!);
    admin.exec(`CREATE DATABASE ${name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'zh' LOCALE 'C.UTF-8'`);
    try {
      const url = new URL(TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      const config = testConfig({ DATABASE_URL: url.toString() });
      expect(() => openStore(config)).toThrow(StartupError);
      expect(() => openStore(config)).toThrow(/排序规则是 ICU zh，不按字符编码排序，服务未启动.*LOCALE 'C\.UTF-8'/);
      const probe = new PgSyncDb(url.toString());
      expect(probe.prepare("SELECT to_regclass('schema_migrations') AS t").pluck().get()).toBeNull();
      probe.close();
    } finally {
      admin.exec(`DROP DATABASE ${name} WITH (FORCE)`);
      admin.close();
    }
  });
});
