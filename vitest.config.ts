import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'eval/**/*.test.ts',
      'scripts/**/*.test.ts',
      'training/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: native addons (SQLite, jieba, onnxruntime) load once per fork.
    pool: 'forks',
  },
});
