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
 * Test files about the SQLite file itself, kept out of the pg project although they start the service: what they
 * check has no PostgreSQL counterpart in the same form (PostgreSQL's own are in src/store/pg and src/http).
 */
const SQLITE_FILE_TESTS: Record<string, string> = {
  'src/store/crash-safety.test.ts': 'kills the process mid-write and reopens the SQLite file and its WAL',
  'src/audit/wal-loss.test.ts': 'deletes the SQLite WAL file and checks what the anchor file still proves',
  'src/store/start-up-keys.test.ts':
    'restarts on the same SQLite file with another PII key and checks the file, WAL and key file modes',
  'scripts/backup-db.test.ts': "copies the SQLite file with SQLite's online backup and checks the copy",
};

/**
 * The behaviour tests that run a second time on PostgreSQL (issue 22, docs/design/postgres.md §6 step 4, §7.5 and
 * §7.9). The rule: a test file is in when it gets its database from the shared factory — openTestDb() directly, or
 * through createTestApp, alertFixture or createWorkflowKit — or starts the service process with startServer(),
 * which in this project passes DATABASE_URL of a fresh schema (testing/server-process.ts); only those touch the
 * store. Pure tests (models, text, training, eval scoring, UI without a database) never call them and stay out,
 * which keeps the pg run affordable. Out as well: the files in SQLITE_FILE_TESTS (the reason beside each), and
 * files that import the PostgreSQL helpers themselves (src/store/pg, *-across-instances), which already run on
 * PostgreSQL in the default project and so run once.
 */
function storeBackedTests(): string[] {
  const uses = /\b(openTestDb|createTestApp|alertFixture|createWorkflowKit|startServer)\(/;
  const pgItself = /pg-test-db\.ts'/;
  return ['src', 'eval', 'scripts']
    .flatMap((dir) =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.test.ts'))
        .map((f) => `${dir}/${f}`),
    )
    .filter((f) => {
      if (f in SQLITE_FILE_TESTS) return false;
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
