import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { AppError, type FieldIssue } from '../errors.ts';
import type { Logger } from '../log.ts';
import { isStorageFailure } from '../store/db-health.ts';

export interface ErrorBody {
  error: { code: string; message: string; issues: FieldIssue[]; request_id?: string };
}

export const zodIssues = (e: ZodError): FieldIssue[] =>
  e.issues.map((i) => ({ path: i.path.length ? i.path.join('.') : '(body)', message: i.message }));

/** Maps a zod failure to the shared 400 body listing every field problem. */
export function validationResponse(c: Context, e: ZodError, where: string) {
  const issues = zodIssues(e);
  const body: ErrorBody = {
    error: {
      code: 'invalid_request',
      message: `invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      issues,
      request_id: c.get('requestId'),
    },
  };
  return c.json(body, 400);
}

const HTTP_CODES: Record<number, string> = {
  400: 'malformed_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** The one place where errors become responses; unexpected errors are logged and never leak a stack. */
export function createErrorHandler(log: Logger) {
  return (err: Error, c: Context) => {
    const request_id = c.get('requestId');
    if (err instanceof AppError) {
      const body: ErrorBody = { error: { code: err.code, message: err.message, issues: err.issues, request_id } };
      return c.json(body, err.status);
    }
    if (err instanceof ZodError) return validationResponse(c, err, 'request');
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = /Malformed JSON/i.test(err.message) ? 'malformed_json' : (HTTP_CODES[status] ?? 'http_error');
      const message = code === 'malformed_json' ? 'the request body is not valid JSON' : err.message || code;
      const res = err.res;
/** What a person reads when the database cannot take writes (disk full, read-only file). */
export const STORAGE_MESSAGE = '数据库暂时无法写入（磁盘已满或文件只读），本次操作没有保存，请稍后重试并通知管理员';

      const body: ErrorBody = { error: { code, message, issues: [], request_id } };
      return c.json(body, status, res ? Object.fromEntries(res.headers) : undefined);
    }
    log.error('unhandled error', { request_id, path: c.req.path, error: String(err), stack: err.stack });
    const body: ErrorBody = { error: { code: 'internal_error', message: 'internal error', issues: [], request_id } };
    return c.json(body, 500);
  };
}
    if (isStorageFailure(err)) {
      // Disk full or a read-only file: the request's transaction rolled back; nothing was half-written.
      log.error('database not writable', { request_id, path: c.req.path, code: err.code });
      const body: ErrorBody = { error: { code: 'storage_unavailable', message: STORAGE_MESSAGE, issues: [], request_id } };
      return c.json(body, 503, { 'retry-after': '30' });
    }
