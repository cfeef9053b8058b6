import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { AppError, type FieldIssue } from '../errors.ts';
import type { Logger } from '../log.ts';
import { isStorageFailure } from '../store/db-health.ts';
import { isStoreUnavailable } from '../store/store-unavailable.ts';
import { zodIssues } from './issue-text.ts';

export { zodIssues };

export interface ErrorBody {
  error: { code: string; message: string; issues: FieldIssue[]; request_id?: string };
}

/** Maps a zod failure to the shared 400 body listing every field problem. */
export function validationResponse(c: Context, e: ZodError, where: string) {
  const issues = zodIssues(e);
  const body: ErrorBody = {
    error: {
      code: 'invalid_request',
      message: `${WHERE_ZH[where] ?? '请求'}有误：${issues.map((i) => `${i.path}：${i.message}`).join('；')}`,
      issues,
      request_id: c.get('requestId'),
    },
  };
  return c.json(body, 400);
}

/** Which part of the request failed validation, as a person reads it (the machine code stays invalid_request). */
const WHERE_ZH: Record<string, string> = {
  body: '请求内容',
  query: '查询参数',
  param: '路径参数',
  header: '请求头',
  form: '表单',
  request: '请求',
};

/** What a person reads for an HTTP-level refusal, by status; the code stays the English identifier. */
const HTTP_MESSAGES: Record<number, string> = {
  400: '请求格式有误',
  401: '未登录或密钥无效',
  403: '当前身份无权进行该操作',
  404: '未找到所请求的内容',
  413: '提交的内容过大',
  415: '不支持的内容类型，请以 application/json 提交',
  429: '请求过于频繁，请稍后再试',
};

const HTTP_CODES: Record<number, string> = {
  400: 'malformed_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** What a person reads when the database cannot take writes (disk full, read-only file). */
export const STORAGE_MESSAGE = '数据库暂时无法写入（磁盘已满或文件只读），本次操作没有保存，请稍后重试并通知管理员';

/** What a person reads when the database does not answer (PostgreSQL restarting, the connection lost). */
export const DB_UNAVAILABLE_MESSAGE =
  '数据库连接中断（数据库正在重启或网络故障），本次操作没有保存，请稍后重试；如持续出现请通知管理员';

/** Seconds a client should wait before repeating a request the database could not take. */
export const RETRY_AFTER_S: Record<'storage_unavailable' | 'database_unavailable', string> = {
  storage_unavailable: '30',
  database_unavailable: '5',
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
      const message = code === 'malformed_json' ? '请求内容不是有效的 JSON' : (HTTP_MESSAGES[status] ?? '请求未能处理');
      const res = err.res;
      const body: ErrorBody = { error: { code, message, issues: [], request_id } };
      return c.json(body, status, res ? Object.fromEntries(res.headers) : undefined);
    }
    if (isStoreUnavailable(err)) {
      // The server rolled back whatever the request had begun; the connection is reopened on the next use.
      log.warn('database unavailable', { request_id, path: c.req.path, error: err.message });
      const body: ErrorBody = {
        error: { code: 'database_unavailable', message: DB_UNAVAILABLE_MESSAGE, issues: [], request_id },
      };
      return c.json(body, 503, { 'retry-after': RETRY_AFTER_S.database_unavailable });
    }
    if (isStorageFailure(err)) {
      // Disk full or a read-only file: the request's transaction rolled back; nothing was half-written.
      log.error('database not writable', { request_id, path: c.req.path, code: err.code });
      const body: ErrorBody = {
        error: { code: 'storage_unavailable', message: STORAGE_MESSAGE, issues: [], request_id },
      };
      return c.json(body, 503, { 'retry-after': RETRY_AFTER_S.storage_unavailable });
    }
    log.error('unhandled error', { request_id, path: c.req.path, error: String(err), stack: err.stack });
    const body: ErrorBody = {
      error: {
        code: 'internal_error',
        message: '服务器内部错误，请稍后再试；如一再出现，请把请求编号告诉管理员',
        issues: [],
        request_id,
      },
    };
    return c.json(body, 500);
  };
}
