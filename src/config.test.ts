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
  ])('stops with a message naming the variable for %o', (env, name) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}:`));
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ LLM_BASE_URL: '' }).LLM_BASE_URL).toBeUndefined();
  });
});
