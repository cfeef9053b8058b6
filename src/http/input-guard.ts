import type { MiddlewareHandler } from 'hono';
import { AppError, type FieldIssue } from '../errors.ts';
import type { AppEnv } from './app-env.ts';

/** Deeper JSON than this is an attack on the parser, not a petition. */
export const MAX_JSON_DEPTH = 32;

// C0 controls except tab, newline and carriage return; DEL; C1 controls.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
// With the u flag a well-formed pair is one code point, so \p{Cs} matches only a lone surrogate.
const LONE_SURROGATE = /\p{Cs}/u;

function stringProblem(s: string): string | null {
  if (LONE_SURROGATE.test(s)) return '含有不成对的 UTF-16 代理字符（不是有效的 Unicode 文本）';
  const m = CONTROL.exec(s);
  if (m) return `含有控制字符 U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  return null;
}

/** Lists every string (and key) with bad characters, and refuses nesting deeper than MAX_JSON_DEPTH. */
export function jsonTextIssues(value: unknown, path = '', depth = 0, out: FieldIssue[] = []): FieldIssue[] {
  if (out.length >= 20) return out;
  const at = path || '(body)';
  if (depth > MAX_JSON_DEPTH) {
    out.push({ path: at, message: `嵌套超过 ${MAX_JSON_DEPTH} 层` });
    return out;
  }
  if (typeof value === 'string') {
    const p = stringProblem(value);
    if (p) out.push({ path: at, message: p });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => jsonTextIssues(v, path ? `${path}.${i}` : String(i), depth + 1, out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const p = stringProblem(k);
      const child = path ? `${path}.${k}` : k;
      if (p) out.push({ path: child, message: `字段名${p}` });
      jsonTextIssues(v, child, depth + 1, out);
    }
  }
  return out;
}

const FATAL_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Checks a JSON body before any route sees it: valid UTF-8, valid JSON, no lone surrogates or control
 * characters, bounded nesting. Routes' zod schemas then check fields and lengths; both answer 400.
 */
export function inputGuard(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Query strings and paths reach SQL too (e.g. the full-text search): the same characters are refused.
    const urlIssues: FieldIssue[] = [];
    // A malformed %-escape (/reports/%E0%A4%A) would throw in whichever route decodes its parameter: a 400 here.
    try {
      decodeURIComponent(new URL(c.req.url).pathname);
    } catch {
      throw new AppError(
        400,
        'invalid_path',
        '请求路径中含有无效的 % 转义（百分号后须是两位十六进制数，且组成有效的 UTF-8）',
        [{ path: '(path)', message: '无效的 % 转义' }],
      );
    }
    const pathProblem = stringProblem(c.req.path);
    if (pathProblem) urlIssues.push({ path: '(path)', message: pathProblem });
    for (const [k, v] of new URL(c.req.url).searchParams) {
      const p = stringProblem(k) ?? stringProblem(v);
      if (p) urlIssues.push({ path: `query.${k.slice(0, 40)}`, message: p });
    }
    if (urlIssues.length) {
      throw new AppError(
        400,
        'invalid_text',
        `网址有误：${urlIssues.map((i) => `${i.path}：${i.message}`).join('；')}`,
        urlIssues.slice(0, 20),
      );
    }
    const type = c.req.header('content-type') ?? '';
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    if (/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
      // Page forms: the same characters are refused as in JSON (parseBody is cached for the route).
      let form: Awaited<ReturnType<typeof c.req.parseBody>>;
      try {
        form = await c.req.parseBody({ all: true });
      } catch {
        // A multipart body without a boundary, or cut short, is the client's mistake, not a server error.
        throw new AppError(400, 'malformed_form', '表单内容无法解析（multipart 格式有误或缺少 boundary）');
      }
      const values = Object.fromEntries(
        Object.entries(form).map(([k, v]) => [k, [v].flat().filter((x) => typeof x === 'string')]),
      );
      const issues = jsonTextIssues(values);
      if (issues.length)
        throw new AppError(
          400,
          'invalid_text',
          `表单有误：${issues.map((i) => `${i.path}：${i.message}`).join('；')}`,
          issues,
        );
      return next();
    }
    if (!/^application\/([\w.+-]+\+)?json/i.test(type)) return next();
    const bytes = await c.req.arrayBuffer();
    if (bytes.byteLength === 0) return next();
    let text: string;
    try {
      text = FATAL_UTF8.decode(bytes);
    } catch {
      throw new AppError(400, 'invalid_encoding', '请求内容不是有效的 UTF-8 文本');
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new AppError(400, 'malformed_json', '请求内容不是有效的 JSON');
    }
    const issues = jsonTextIssues(value);
    if (issues.length) {
      throw new AppError(
        400,
        'invalid_text',
        `请求内容有误：${issues.map((i) => `${i.path}：${i.message}`).join('；')}`,
        issues,
      );
    }
    return next();
  };
}
