import { z } from 'zod';

const DATABASE_URL_MESSAGE =
  'DATABASE_URL 必须是以 postgres:// 或 postgresql:// 开头的 PostgreSQL 连接地址；不设置时使用内嵌 SQLite（DB_PATH）';

/** Environment schema: the only place that knows the variable names and their defaults. */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  DB_PATH: z.string().min(1).default('./data/xinfang.db'),
  /** SQLite's page cache for DB_PATH, in MiB (issue 24); unset: 16 MiB, better-sqlite3's build default. */
  SQLITE_CACHE_MIB: z.coerce.number().int().min(1).max(65_536).optional(),
  /** Who copies the WAL into the SQLite file: a thread of its own (store/checkpointer.ts) or each commit, inline. */
  SQLITE_CHECKPOINT: z.enum(['background', 'inline']).default('background'),
  /** Group commit (store/group-commit.ts): longest a batch of requests' transactions waits for its COMMIT, in ms; 0 is off. */
  SQLITE_GROUP_COMMIT_MS: z.coerce.number().int().min(0).max(1000).default(0),
  /** A PostgreSQL server instead of the embedded SQLite file (issue 22); unset: SQLite at DB_PATH. */
  DATABASE_URL: z
    .string()
    .refine((url) => /^postgres(ql)?:\/\/\S+$/i.test(url) && URL.canParse(url), DATABASE_URL_MESSAGE)
    .optional(),
  LLM_BASE_URL: z.url().optional(),
  LLM_MODEL: z.string().min(1).optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  MODEL_DIR: z.string().min(1).optional(),
  MODELS_DIR: z.string().min(1).default('./models'),
  CORPUS_DIR: z.string().min(1).default('./corpus'),
  ADMIN_API_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  PII_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters (a 256-bit key)')
    .optional(),
  /** Earlier PII keys (comma-separated, 64 hex each) still accepted for reading during a key rotation. */
  PII_KEY_PREVIOUS: z
    .string()
    .regex(/^[0-9a-f]{64}(,[0-9a-f]{64})*$/i, 'must be comma-separated 64-hex-character keys')
    .optional(),
  /** production (as docs/ops/xinfang-assist.service sets it): start-up refuses to run without PII_KEY. */
  NODE_ENV: z.string().optional(),
  /** Explicitly allows the development key file (pii.key beside the database) when NODE_ENV=production. */
  ALLOW_DEV_PII_KEY: z.enum(['true', 'false', '1', '0']).optional(),
  /** Per-key token bucket: sustained requests a minute (0 turns rate limiting off) and the burst allowed. */
  RATE_LIMIT_PER_MIN: z.coerce.number().int().min(0).default(600),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(60),
  // Requests waiting for their turn (http/fair-turns.ts) beyond which new ones get 503 + Retry-After.
  QUEUE_LIMIT: z.coerce.number().int().min(1).default(500),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  ALERT_WEBHOOK_URL: z.url().optional(),
  ALERT_WEBHOOK_SECRET: z.string().min(1).optional(),
  /** Folder of the case file's append-only anchor file (default: anchors/ beside the database); 'off' for none. */
  AUDIT_ANCHOR_DIR: z.string().min(1).optional(),
  /** An outside witness that receives the case file's head (POST, signed with AUDIT_WITNESS_SECRET). */
  AUDIT_WITNESS_URL: z.url().optional(),
  AUDIT_WITNESS_SECRET: z.string().min(1).optional(),
  /** How often the head is re-checked for anchoring beyond every commit, and a failed witness post retried. */
  AUDIT_ANCHOR_INTERVAL_MS: z.coerce.number().int().min(100).default(1_000),
  /** Folder of saved evaluation reports listed by the evaluator pages (the harness writes eval/reports/). */
  EVAL_REPORTS_DIR: z.string().min(1).default('eval/reports'),
  /** GeoJSON of the area's townships (properties.name) for the dashboard's petition map; the demo uses fixtures/geo/. */
  GEOJSON_PATH: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

/** Parses the environment (process.env by default); an invalid value throws naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset": shells and .env files often export VAR= to clear a value.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** A config for tests and tools: defaults plus overrides, never reading process.env. */
export function testConfig(overrides: Partial<Record<keyof Config, string>> = {}): Config {
  return loadConfig({ DB_PATH: ':memory:', LOG_LEVEL: 'silent', ...overrides });
}
