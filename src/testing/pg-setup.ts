import { afterAll, afterEach, beforeEach } from 'vitest';
import { beginTestDbScope, dropTestDbs } from './test-db.ts';

// The pg project's setup file: each test's PostgreSQL schemas are dropped after it (a connection each, so they
// must not pile up over a file of 50 tests), those opened in beforeAll after the file. Registered before the
// file's own hooks, so afterEach runs after the file's afterEach (which may close the deps first).
beforeEach(() => beginTestDbScope());
afterEach(() => dropTestDbs('test'));
afterAll(() => dropTestDbs('file'));
