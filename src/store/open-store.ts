import type { Config } from '../config.ts';
import { StartupError } from '../errors.ts';
import { openDb } from './db.ts';
import type { Db } from './db-types.ts';

/**
 * The one place that chooses the backend (issue 22): PostgreSQL when DATABASE_URL is set, else the embedded
 * SQLite file at DB_PATH. Until the PostgreSQL schema and its migration runner exist (docs/design/postgres.md
 * §6, step 3) a PostgreSQL URL stops start-up: a service on tables that are not there would fail request by
 * request instead of once, clearly.
 */
export function openStore(config: Pick<Config, 'DB_PATH' | 'DATABASE_URL'>): Db {
  if (config.DATABASE_URL) {
    throw new StartupError(
      '已设置 DATABASE_URL（PostgreSQL），但 PostgreSQL 后端尚未完成：数据库适配器已有，表结构迁移和多实例支持还没有做完' +
        '（见 docs/design/postgres.md 第 6 节）。为避免服务以不完整的状态运行，服务未启动。' +
        '请暂时删除 DATABASE_URL，使用内嵌 SQLite（DB_PATH）。',
    );
  }
  return openDb(config.DB_PATH);
}
