import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('fills the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 8787, DB_PATH: './data/xinfang.db', CORPUS_DIR: './corpus' });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LLM_BASE_URL: 'not a url' }, 'LLM_BASE_URL'],
    [{ ADMIN_API_KEY: 'short' }, 'ADMIN_API_KEY'],
    [{ PII_KEY: 'xyz' }, 'PII_KEY'],
    [{ DATABASE_URL: 'mysql://db/xinfang' }, 'DATABASE_URL'],
    [{ SQLITE_CACHE_MIB: 'lots' }, 'SQLITE_CACHE_MIB'],
    [{ SQLITE_CACHE_MIB: '0' }, 'SQLITE_CACHE_MIB'],
    [{ SQLITE_CHECKPOINT: 'sometimes' }, 'SQLITE_CHECKPOINT'],
    [{ SQLITE_GROUP_COMMIT_MS: '-5' }, 'SQLITE_GROUP_COMMIT_MS'],
  ])('stops with a message naming the variable for %o', (env, name) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });

  it('takes a postgres:// or postgresql:// DATABASE_URL and explains a wrong one in Chinese', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://app@db:5432/xinfang' }).DATABASE_URL).toBe(
      'postgresql://app@db:5432/xinfang',
    );
    expect(() => loadConfig({ DATABASE_URL: './data/xinfang.db' })).toThrow(
      /DATABASE_URL: DATABASE_URL 必须是以 postgres:\/\//,
    );
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ LLM_BASE_URL: '' }).LLM_BASE_URL).toBeUndefined();
  });
});
