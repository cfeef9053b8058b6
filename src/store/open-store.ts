import type { Config } from '../config.ts';
import { StartupError } from '../errors.ts';
import { openDb } from './db.ts';
import type { Db } from './db-types.ts';

/**
 * The one place that chooses the backend (issue 22): PostgreSQL when DATABASE_URL is set, else the embedded
 * SQLite file at DB_PATH. The PostgreSQL adapter and schema exist (src/store/pg, migrations-pg), but until every
 * suite passes on it (docs/design/postgres.md §6, step 4; one smoke test does so far) and the multi-instance
 * locks are in (steps 5-6), a PostgreSQL URL stops start-up: a service that fails request by request, or
 * double-escalates across instances, is worse than one that refuses once, clearly.
 */
export function openStore(config: Pick<Config, 'DB_PATH' | 'DATABASE_URL'>): Db {
  if (config.DATABASE_URL) {
    throw new StartupError(
      '已设置 DATABASE_URL（PostgreSQL），但 PostgreSQL 后端尚未完成：适配器和表结构迁移已有，' +
        '服务自身的 SQL 还没有全部在 PostgreSQL 上验证通过，多实例所需的加锁等也还没有做' +
        '（见 docs/design/postgres.md 第 6 节第 4–6 步）。为避免服务以不完整的状态运行，服务未启动。' +
        '请暂时删除 DATABASE_URL，使用内嵌 SQLite（DB_PATH）。',
    );
  }
  return openDb(config.DB_PATH);
}
