import { StartupError } from '../../errors.ts';
import type { Db } from '../db-types.ts';
import { redactUrl } from './conninfo.ts';
import { migratePg } from './migrate-pg.ts';
import { PgDbError } from './pg-errors.ts';
import { openPgDb } from './pg-sync-db.ts';

/** libpq's reason for a failed connection (English, stable across versions) → what the operator should check. */
const CONNECT_HINTS: [RegExp, string][] = [
  [/Connection refused/i, '该地址和端口上没有 PostgreSQL 在运行（或不接受 TCP 连接）'],
  [/could not translate host name/i, '主机名无法解析'],
  [/timeout expired|timed out/i, '连接超时（网络不通或防火墙拦截）'],
  [/password authentication failed|no password supplied/i, '用户名或密码错误'],
  [/role .* does not exist/i, '用户（role）不存在'],
  [/database .* does not exist/i, '数据库不存在，请先 CREATE DATABASE'],
  [/no pg_hba\.conf entry/i, 'pg_hba.conf 不允许从本机以该用户连接该库'],
  [/invalid URI query parameter|invalid connection option|invalid .* value/i, '地址的查询参数有误'],
];

/** The Chinese start-up message for a connection that could not be opened; the URL without its password. */
export function connectProblem(url: string, reason: string): string {
  const hint = CONNECT_HINTS.find(([re]) => re.test(reason))?.[1] ?? '无法建立连接';
  return (
    `无法连接 DATABASE_URL 指定的 PostgreSQL（${redactUrl(url)}）：${hint}。` +
    `驱动的原始信息：${reason.replace(/\s+/g, ' ').trim().replace(/[.?]$/, '')}。` +
    '请检查数据库是否在运行，以及地址、端口、用户名、密码和库名；服务未启动。'
  );
}

/**
 * The start-up refusal when the database's default collation does not order text by code point as SQLite does,
 * else undefined. Tested by property, not by name: 'B' before 'a' (every linguistic collation puts a first) and
 * 张 before 李 (pinyin order puts 李 first); an ICU database reports datcollate C.UTF-8 yet orders by its ICU
 * locale. Refused rather than warned (docs/design/postgres.md §7.9): besides list order, the statutory clocks
 * and date ranges compare ISO date strings with < and >= in SQL, verified only under C; and a new database with
 * the C collation costs one CREATE DATABASE, with no data yet to move since PostgreSQL is new to the service.
 */
export function collationProblem(row: { collation: string; codePoint: number | boolean }): string | undefined {
  if (row.codePoint) return undefined;
  return (
    `PostgreSQL 数据库的排序规则是 ${row.collation}，不按字符编码排序，服务未启动：法定期限和日期范围在 SQL 里按文本比较，` +
    '列表按名称、案件号、分类排序，这些只在 C 排序规则（与 SQLite 相同）下验证过。修正：' +
    "CREATE DATABASE <库名> TEMPLATE template0 LOCALE 'C.UTF-8'（或 LC_COLLATE 'C'；ICU 库改用 LOCALE_PROVIDER libc），" +
    '把 DATABASE_URL 指向新库；已有数据用 pg_dump / pg_restore 迁入（排序规则在建库时确定，不能就地修改）。'
  );
}

// to_jsonb(d): daticulocale exists from PostgreSQL 15 on; read this way the query also runs on older servers.
const COLLATION_SQL = `SELECT COALESCE('ICU ' || (to_jsonb(d) ->> 'daticulocale'), d.datcollate) AS collation,
    ('B' < 'a' AND '张' < '李') AS "codePoint"
  FROM pg_database d WHERE d.datname = current_database()`;

/**
 * Opens DATABASE_URL for the service (issue 22): connects, checks that the URL's search_path names a schema that
 * exists and the collation orders text as SQLite does, then applies migrations-pg under the advisory lock (instances
 * starting together apply them once). Every failure is a StartupError with the reason in Chinese.
 */
export function openPgStore(url: string): Db {
  const db = connect(url);
  try {
    const schema = db.prepare('SELECT current_schema() AS s').pluck().get();
    if (schema === null)
      throw new StartupError(
        `DATABASE_URL（${redactUrl(url)}）的 search_path 里没有一个已存在的 schema，服务无处建表，未启动。` +
          '请先在该库里 CREATE SCHEMA，或改正、去掉地址里 options 中的 search_path。',
      );
    const problem = collationProblem(db.prepare(COLLATION_SQL).get() as { collation: string; codePoint: number });
    if (problem) throw new StartupError(problem);
    migrate(db, url);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function connect(url: string): Db {
  try {
    return openPgDb(url);
  } catch (e) {
    if (e instanceof PgDbError) throw new StartupError(connectProblem(url, e.message));
    if ((e as { code?: string }).code === 'MODULE_NOT_FOUND')
      throw new StartupError(
        '设置了 DATABASE_URL，但没有安装 PostgreSQL 驱动 pg-native（npm ci 会安装并编译 libpq，需要 pg_config，' +
          'Debian 上装 libpq-dev），服务未启动。',
      );
    throw e;
  }
}

function migrate(db: Db, url: string) {
  try {
    migratePg(db);
  } catch (e) {
    if (!(e instanceof PgDbError)) throw e;
    throw new StartupError(
      `在 PostgreSQL（${redactUrl(url)}）上执行表结构迁移失败，失败的那个迁移已整体回滚，服务未启动：` +
        `${e.message.replace(/\s+/g, ' ').trim()}。请检查该用户在当前 schema 里是否有建表、建函数的权限。`,
    );
  }
}
