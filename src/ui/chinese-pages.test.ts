import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeReport } from '../reports/write.ts';
import { PetitionInputSchema } from '../cases/petition-schema.ts';
import { createTestApp } from '../testing/test-app.ts';
import { chineseError } from './error-text.ts';
import { sampleReport } from './sample-report.ts';

// Saved evaluation reports for the evaluators' pages (EVAL_REPORTS_DIR), one of them in-sample.
const REPORTS = mkdtempSync(join(tmpdir(), 'xf-zh-reports-'));
afterAll(() => rmSync(REPORTS, { recursive: true, force: true }));
writeReport(join(REPORTS, 'emotion-in-process'), sampleReport('2026-03-01T08:00:00Z', 0.61));
writeReport(join(REPORTS, 'emotion-http'), sampleReport('2026-03-02T08:00:00Z', 0.44));
writeReport(join(REPORTS, 'routing-in-process'), sampleReport('2026-02-28T08:00:00Z', 1, '内置模型在这份数据上训练'));

/** GET routes that are not pages a person reads: the API, files, event streams, the redirect at /. */
const NOT_PAGES = [
  /^\/v1\//,
  /^\/assets\/js\//,
  /^\/healthz$/,
  /^\/openapi\.json$/,
  /\.(csv|docx)$/,
  /\/csv\/:table$/,
  /\/stream$/,
  /^\/$/,
];

/** Latin words a person may meet on a page: file formats, the standard's name, units. Everything else is a stray. */
const ALLOWED = new Set(['CSV', 'Word', 'docx', 'GB', 'T', 'API', 'Excel', 'MB', 'SVG', 'XF', 'HTTP']);

/**
 * The text a person reads: text nodes and the attributes that are shown or spoken (title, placeholder, aria-label,
 * alt). Text set as <code> is an identifier to type or look up (a report key, a file, a command), not prose.
 */
function readableText(html: string): string {
  const attrs = [...html.matchAll(/\s(?:title|placeholder|aria-label|alt)="([^"]*)"/g)].map((m) => m[1]);
  const body = html
    .replace(/<code\b[^>]*>[\s\S]*?<\/code>/g, ' ')
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&[a-z#0-9]+;/g, ' ');
  return [body, ...attrs].join('\n');
}

/** English words left after case numbers, key ids, dates and the allowed words are taken out. */
function strayEnglish(text: string): string[] {
  const cleaned = text
    .replace(/XF\d{8}-[0-9A-F]{8}/g, ' ')
    .replace(/\b[A-Z]{2}\d{8}-[0-9A-F]{8}\b/g, ' ')
    .replace(/\b[0-9a-f]{8,}\b/g, ' ')
    .replace(/\b(?:A4|F1)\b/g, ' ')
    .replace(/\d{4}-\d{2}-\d{2}/g, ' ');
  return [...new Set([...cleaned.matchAll(/[A-Za-z]+/g)].map((m) => m[0]).filter((w) => !ALLOWED.has(w)))];
}

const form = (fields: Record<string, string>) =>
  ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  }) as RequestInit;

describe('every page in Chinese', () => {
  it('finds no stray English word on any page a person opens', { timeout: 120_000 }, async () => {
    const t = await createTestApp({ now: '2026-03-20T09:00:00+08:00', config: { EVAL_REPORTS_DIR: REPORTS } });
    const reg = (title: string, text: string, extra: object = {}) =>
      t.deps.cases.register(
        PetitionInputSchema.parse({ title, text, channel: '走访', attachments: [], ...extra }),
        'admin (generated at first start)',
      );
    const wage = reg('拖欠工资', '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年。', {
      petitioner: { name: '赵六', phone: '13700000000' },
      location: '涟水县高沟镇陈师村第三村民小组',
    });
    for (let i = 0; i < 3; i++)
      reg(
        `阳光花园小区集体维权${i}`,
        `阳光花园小区物业乱收费，我们三十多户业主准备明天一起到县政府门口拉横幅讨说法（${i}）。`,
        { received_at: '2026-03-19T10:00:00+08:00' },
      );
    t.deps.cases.reveal(wage.id, ['phone', 'name'], '李科员', 'reception');
    const rejected = reg('不予受理的请求', '请求撤销法院已经生效的民事判决。');
    t.deps.cases.transition(rejected.id, {
      to: 'screened',
      actor: '李科员',
      reason: '属于诉讼途径',
      decision: 'not_accepted',
    });
    const draft = await t.deps.reviews.generate(rejected.id, { actor: '李科员' });
    const edited = t.deps.reviews.edit(rejected.id, {
      reply: draft.reply.replace(/【[^】]*】/g, '经核实，属于诉讼途径。'),
      actor: '李科员',
    });
    t.deps.reviews.approve(rejected.id, edited.version, 'admin (ADMIN_API_KEY)');

    const pages: [string, RequestInit?][] = [
      ['/reception'],
      ['/reception', form({ text: ' ', received_at: '03/02/2026' })],
      ['/petitions'],
      ['/petitions?from=03/02/2026&colour=blue'],
      [`/petitions?who=13700000000`],
      [`/petitions/${wage.id}`],
      [`/petitions/${rejected.id}`],
      [`/petitions/${rejected.id}/reply/print`],
      [`/petitions/${wage.id}/transition`, form({ to: 'replied', reason: '直接答复' })],
      ['/petitions/XF-NOPE'],
      ['/dispatch'],
      ['/supervision'],
      ['/dashboard'],
      // The evaluators' pages: the list, a report, the comparison and its table, and their refusals.
      ['/evaluators'],
      ['/evaluators/reports/emotion-in-process/report.html'],
      ['/evaluators/reports/routing-in-process/report.html'],
      ['/evaluators/reports/no-such-report/report.html'],
      ['/evaluators/compare?r=emotion-in-process&r=emotion-http&r=routing-in-process'],
      ['/evaluators/compare?r=emotion-in-process'],
      ['/evaluators/compare.html?r=emotion-in-process&r=emotion-http&r=routing-in-process'],
    ];
    // A department key's own page, with a case assigned to it.
    const hr = t.deps.assignments.departments().find((d) => d.name === '人力资源和社会保障局')!;
    const depKey = (await (await t.post(`/v1/departments/${hr.id}/keys`, { name: '人社局承办' })).json()).key as string;
    t.deps.cases.transition(wage.id, { to: 'screened', actor: '李科员', reason: '依法受理', decision: 'accepted' });
    t.deps.cases.transition(wage.id, { to: 'routed', actor: '李科员', reason: '分流' });
    t.deps.assignments.assign(wage.id, { department: hr.id, days: 5, actor: '李科员' });
    t.deps.assignments.notice(wage.id, { message: '请于三日内报送办理结果', actor: '督查科' });
    const asDepartment = (path: string) => t.rawApp.request(path, { headers: { authorization: `Bearer ${depKey}` } });

    const found: Record<string, string[]> = {};
    const visited: string[] = [];
    const scan = async (label: string, res: Response) => {
      expect(res.status, label).toBeLessThan(500);
      visited.push(new URL(label.split(' ')[1], 'http://x').pathname);
      const words = strayEnglish(readableText(await res.text()));
      if (words.length) found[label] = words;
    };
    for (const [path, init] of pages) await scan(`${init?.method ?? 'GET'} ${path}`, await t.app.request(path, init));
    await scan('GET /department', await asDepartment('/department'));
    await scan('GET /login', await t.rawApp.request('/login'));
    expect(found).toEqual({});

    // Every page route the app serves was opened above: a new page cannot slip past the scan.
    const pageRoutes = [
      ...new Set(
        t.rawApp.routes
          .filter((r) => r.method === 'GET' && !NOT_PAGES.some((re) => re.test(r.path)))
          .map((r) => r.path),
      ),
    ];
    const pattern = (route: string) =>
      new RegExp(
        `^${route
          .replace(/[.]/g, '\\.')
          .replace(/:[^/]+/g, '[^/]+')
          .replace(/\*$/, '.+')}$`,
      );
    expect(pageRoutes.filter((route) => !visited.some((v) => pattern(route).test(v)))).toEqual([]);
    expect(await (await t.app.request(`/petitions/${wage.id}`)).text()).toContain('查阅电话、姓名（接待）');
  });

  it('turns English domain messages into Chinese for a person and keeps Chinese ones', () => {
    expect(
      chineseError({ code: 'illegal_transition', message: 'cannot move from registered (登记) to replied (答复)' }),
    ).toBe(
      '当前环节（登记）不能转到“答复”。当前环节不能办理这一步，请按“登记 → 甄别 → 分流 → 答复 → 督办 → 回访”的顺序办理。',
    );
    expect(chineseError({ code: 'no_approved_reply', message: '信访事项 XF1 还没有经审批的答复' })).toBe(
      '信访事项 XF1 还没有经审批的答复',
    );
    expect(chineseError({ code: 'something_new', message: 'went wrong' })).toBe('操作未完成，请检查后重试。');
  });
});
