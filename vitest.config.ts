import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const ALL_TESTS = [
  'src/**/*.test.ts',
  'eval/**/*.test.ts',
  'scripts/**/*.test.ts',
  'training/**/*.test.ts',
  'test/**/*.test.ts',
];

/**
 * The behaviour tests that run a second time on PostgreSQL (issue 22, docs/design/postgres.md §6 step 4 and §7.5).
 * The rule: a test file is in when it gets its database from the shared factory — openTestDb() directly, or
 * through createTestApp, alertFixture or createWorkflowKit — because only those touch the store. Pure tests
 * (models, text, training, eval scoring, UI without a database) never call them and stay out, which keeps the
 * pg run affordable. Files that import the PostgreSQL helpers themselves (src/store/pg, *-across-instances)
 * already run on PostgreSQL in the default project and are left out so they run once.
 */
function storeBackedTests(): string[] {
  const uses = /\b(openTestDb|createTestApp|alertFixture|createWorkflowKit)\(/;
  const pgItself = /pg-test-db\.ts'/;
  return readdirSync('src', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `src/${f}`)
    .filter((f) => {
      const text = readFileSync(f, 'utf8');
      return uses.test(text) && !pgItself.test(text);
    })
    .sort();
}

const PG_URL = process.env.TEST_DATABASE_URL;
if (!PG_URL)
  console.log(
    "vitest project 'pg' skipped: TEST_DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/test)",
  );

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: native addons (SQLite, jieba, onnxruntime) load once per fork.
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'sqlite', include: ALL_TESTS } },
      ...(PG_URL
        ? [
            {
              extends: true,
              test: {
                name: 'pg',
                include: storeBackedTests(),
                // Every statement is a round trip (0.05 ms idle, 0.6 ms while the machine is busy): the load-sized
                // tests (match-index, the workflow property) need longer than on SQLite.
                testTimeout: 180_000,
                env: { TEST_BACKEND: 'pg' },
                setupFiles: ['src/testing/pg-setup.ts'],
              },
            },
          ]
        : []),
    ],
  },
});
