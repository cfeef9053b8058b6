/** One problem with one input field, as reported to the client. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** A reason the service must not start (bad PII key, missing model files); index.ts prints the Chinese message and exits 1. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/**
 * An expected failure with a stable code and an HTTP status. Domain code throws these;
 * the single error handler in http/ maps them to `{error: {code, message, issues}}`. The code is an English
 * identifier for programs; the message and each issue's message are what a person reads, in Chinese.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503,
    readonly code: string,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** What a 404 names, as a person reads it. */
const THING_ZH: Record<string, string> = {
  petition: '信访事项',
  alert: '预警',
  cluster: '聚集性事项',
  department: '承办单位',
  'draft version': '答复草稿版本',
  key: '密钥',
  article: '条文',
  report: '评测报告',
};

export const notFound = (what: string, id: string | number) =>
  new AppError(404, 'not_found', `未找到${THING_ZH[what] ?? what} ${id}`);

export const conflict = (code: string, message: string) => new AppError(409, code, message);

export const invalid = (message: string, issues: FieldIssue[] = []) =>
  new AppError(400, 'invalid_request', message, issues);
