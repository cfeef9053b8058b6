import type { Context } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../http/app-env.ts';
import { STORAGE_MESSAGE } from '../http/errors.ts';
import type { Logger } from '../log.ts';
import { isStorageFailure } from '../store/db-health.ts';
import { chineseError } from './error-text.ts';
import { Layout, userOf } from './layout.tsx';
import { IssueList } from './workflow-panel.tsx';

const TITLES: Record<number, string> = {
  400: '请求有误',
  403: '无权访问',
  404: '未找到',
  409: '当前状态不允许该操作',
  503: '暂时无法保存',
};

/** Errors on a page become a page (not JSON); unexpected ones are logged to `log` and shown without detail. */
export function createUiErrorHandler(log: Logger) {
  return (thrown: Error, c: Context<AppEnv>) => uiErrorPage(log, thrown, c);
}

function uiErrorPage(log: Logger, thrown: Error, c: Context<AppEnv>) {
  // Disk full or a read-only database: a 503 the person can act on, like the API's (http/errors.ts).
  const storage = isStorageFailure(thrown);
  if (storage) c.header('retry-after', '30');
  const err = storage ? new AppError(503, 'storage_unavailable', STORAGE_MESSAGE) : thrown;
  const known = err instanceof AppError;
  const status = known ? err.status : 500;
  if (!known) log.error('ui error', { path: c.req.path, error: String(err), stack: err.stack });
  const title = TITLES[status] ?? (status >= 500 ? '服务出错' : '请求失败');
  return c.html(
    '<!doctype html>' +
    (
      <Layout user={userOf(c)} title={title}>
        <div class="errors" role="alert">
          <p>{known ? chineseError(err) : '服务内部错误，请稍后重试。'}</p>
          {known ? <IssueList issues={err.issues} /> : null}
        </div>
        <p>
          <a href="/reception">返回接待页</a>
        </p>
      </Layout>
    ),
    status as 400,
  );
}
