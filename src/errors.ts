/** One problem with one input field, as reported to the client. */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * An expected failure with a stable code and an HTTP status. Domain code throws these;
 * the single error handler in http/ maps them to `{error: {code, message, issues}}`.
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

export const notFound = (what: string, id: string | number) => new AppError(404, 'not_found', `${what} ${id} not found`);

export const conflict = (code: string, message: string) => new AppError(409, code, message);

export const invalid = (message: string, issues: FieldIssue[] = []) =>
  new AppError(400, 'invalid_request', message, issues);
