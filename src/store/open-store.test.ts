import { describe, expect, it } from 'vitest';
import { testConfig } from '../config.ts';
import { StartupError } from '../errors.ts';
import { openStore } from './open-store.ts';

describe('openStore', () => {
  it('opens the embedded SQLite database when DATABASE_URL is unset', () => {
    const db = openStore(testConfig());
    expect(db.prepare('SELECT COUNT(*) AS n FROM petitions').get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses to start on PostgreSQL until its schema exists, saying so in Chinese', () => {
    const config = testConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' });
    expect(() => openStore(config)).toThrow(StartupError);
    expect(() => openStore(config)).toThrow(/DATABASE_URL.*PostgreSQL 后端尚未完成.*服务未启动/);
  });
});
