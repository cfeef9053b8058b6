import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableNames } from '../store/dialect.ts';
import { createTestApp } from '../testing/test-app.ts';

type T = Awaited<ReturnType<typeof createTestApp>>;

const PETITION = {
  text: '某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果。',
  title: '讨要农民工工资',
  channel: '走访',
  received_at: '2026-03-02T10:00:00+08:00',
  petitioner: { name: '王建国', id_number: '11010519491231002X', phone: '13812345678', address: '某县某镇某村' },
  attachments: [{ name: '欠条.jpg', type: 'image/jpeg', size: 1024 }],
};

/** A valid body for each route we know; other routes still get arbitrary JSON and mutations of `{text}`. */
const SAMPLES: Record<string, unknown> = {
  'POST /v1/petitions': PETITION,
  'POST /v1/petitions/{id}/transitions': { to: 'screened', actor: '张', reason: '属于受理范围', decision: 'accepted' },
  'POST /v1/petitions/{id}/extension': { days: 10, actor: '张', reason: '情况复杂' },
  'POST /v1/petitions/{id}/follow-up': { satisfaction: '满意', actor: '张' },
  'POST /v1/keys': { name: '窗口 张', role: 'reception' },
  'POST /v1/analyze': { text: PETITION.text, title: PETITION.title },
  'POST /v1/draft': { text: PETITION.text, title: PETITION.title },
  'POST /v1/clauses/recommend': { text: PETITION.text, k: 5 },
  'POST /v1/petitions/{id}/drafts': { actor: '张', kind: 'acceptance' },
  'POST /v1/petitions/{id}/drafts/edits': { actor: '张', reply: '您好，您反映的问题已收悉。', kind: 'acceptance' },
  'POST /v1/petitions/{id}/drafts/{version}/approve': { actor: '张' },
  'POST /v1/alerts/{id}/ack': { actor: '张', note: '已联系' },
};

const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 60);

/** Row counts of every table: a 4xx must leave all of them unchanged. */
function rowCounts(t: T): Record<string, number> {
  // tableNames reads sqlite_master or information_schema. Left out: SQLite's own bookkeeping, and rate_buckets,
  // where a refused key counts against its address by design (on SQLite the buckets live in a private database).
  const tables = tableNames(t.deps.db).filter((name) => !name.startsWith('sqlite_') && name !== 'rate_buckets');
  return Object.fromEntries(
    tables.map((name) => [name, t.deps.db.prepare(`SELECT COUNT(*) FROM "${name}"`).pluck().get() as number]),
  );
}

async function bodyRoutes(t: T) {
  const doc = (await (await t.app.request('/openapi.json')).json()) as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>>;
  };
  const out: { method: string; template: string }[] = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op.requestBody?.content?.['application/json']) out.push({ method: method.toUpperCase(), template });
    }
  }
  return out;
}

// Strings that have broken services before: surrogates, controls, bidi, huge lines, SQL and markup.
const nastyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '\ud800',
    'a\udfffb',
    '\u0000',
    'x\u0007y',
    '\u202e\u0645',
    '\ufeff',
    "'; DROP TABLE petitions; --",
    '<script>alert(1)</script>',
    '%s%n',
    '第一条 ',
    '\r\n\r\n',
  ),
  fc.constant('长'.repeat(100_000)),
  fc.constant('a'.repeat(100_000) + '\n' + 'b'),
);
const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  nastyString,
  fc.anything({ maxDepth: 3, withNullPrototype: false }),
);

/** A valid body with one change: a field replaced, removed, or added. */
function mutation(sample: Record<string, unknown>) {
  const keys = Object.keys(sample);
  return fc.oneof(
    fc
      .record({ k: fc.constantFrom(...keys), v: fc.oneof(anyJson, nastyString) })
      .map(({ k, v }) => ({ ...sample, [k]: v })),
    fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(sample).filter(([x]) => x !== k))),
    fc.record({ k: fc.string({ maxLength: 8 }), v: anyJson }).map(({ k, v }) => ({ ...sample, [k]: v })),
    fc
      .record({ k: fc.constantFrom(...keys), v: nastyString })
      .map(({ k, v }) => ({ ...sample, [k]: typeof sample[k] === 'object' ? { x: v } : v })),
  );
}

const serialise = (v: unknown) => {
  try {
    return JSON.stringify(v) ?? 'null';
  } catch {
    return '{"unserialisable": true}';
  }
};

describe('every request schema under generated input', () => {
  it(`answers < 500 and writes nothing on a 4xx (${NUM_RUNS} arbitrary + ${NUM_RUNS} mutated bodies per route)`, async () => {
    const t = await createTestApp();
    const { id } = await (await t.post('/v1/petitions', PETITION)).json();
    const routes = await bodyRoutes(t);
    expect(routes.map((r) => `${r.method} ${r.template}`)).toContain('POST /v1/petitions');
    const seen: Record<string, Record<number, number>> = {};

    for (const { method, template } of routes) {
      const name = `${method} ${template}`;
      const path = template.replace(/\{id\}/g, id).replace(/\{[^}]+\}/g, '1');
      const sample = (SAMPLES[name] ?? { text: PETITION.text }) as Record<string, unknown>;
      seen[name] = {};
      const check = async (body: string) => {
        const before = rowCounts(t);
        const res = await t.request(path, { method, headers: { 'content-type': 'application/json' }, body });
        seen[name][res.status] = (seen[name][res.status] ?? 0) + 1;
        const text = await res.text();
        if (res.status >= 500)
          throw new Error(`${name} answered ${res.status}: ${text.slice(0, 300)} for ${body.slice(0, 200)}`);
        if (res.status >= 400) {
          expect(JSON.parse(text).error.code, `${name} ${res.status}`).toEqual(expect.any(String));
          expect(rowCounts(t), `${name} wrote rows on ${res.status} for ${body.slice(0, 200)}`).toEqual(before);
        }
      };
      await fc.assert(
        fc.asyncProperty(anyJson, (v) => check(serialise(v))),
        { numRuns: NUM_RUNS },
      );
      await fc.assert(
        fc.asyncProperty(mutation(sample), (v) => check(serialise(v))),
        { numRuns: NUM_RUNS },
      );
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), (s) => check(s)),
        { numRuns: Math.ceil(NUM_RUNS / 3) },
      );
    }
    console.info('status counts per route', JSON.stringify(seen));
  }, 300_000);
});

describe('every GET route under generated query strings and path parameters', () => {
  it(`answers < 500 (${NUM_RUNS} URLs per route)`, async () => {
    const t = await createTestApp();
    const { id } = await (await t.post('/v1/petitions', PETITION)).json();
    const doc = (await (await t.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const routes = Object.entries(doc.paths).filter(([path, item]) => item.get && !path.endsWith('/stream'));
    expect(routes.length).toBeGreaterThan(3);
    const piece = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom('%00', '%FF', '%ED%A0%80', '%', '"', "'", '*', 'NEAR(', id, '-1', '1e999'),
    );
    for (const [template, item] of routes) {
      const names = (item.get.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      await fc.assert(
        fc.asyncProperty(
          piece,
          fc.array(fc.tuple(fc.constantFrom(...names, 'x'), piece), { maxLength: 3 }),
          async (param, query) => {
            const path = template
              .replace(/\{id\}/g, id)
              .replace(/\{[^}]+\}/g, () => encodeURIComponent(param).replace(/%25(00|FF|ED)/g, '%$1'));
            const qs = query.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
            const res = await t.get(`${path}${qs ? `?${qs}` : ''}`);
            if (res.status >= 500) throw new Error(`${template} ${res.status} for ${path}?${qs}: ${await res.text()}`);
          },
        ),
        { numRuns: NUM_RUNS },
      );
    }
  }, 300_000);
});

const raw = (s: string) => new TextEncoder().encode(s);

describe('POST /v1/petitions with bad input', () => {
  it.each<[string, BodyInit, number, string]>([
    ['a lone high surrogate', '{"text":"欠薪\\ud800了"}', 400, 'invalid_text'],
    ['a lone low surrogate in a key', '{"te\\udc00xt":"欠薪"}', 400, 'invalid_text'],
    ['a NUL character', '{"text":"欠薪\\u0000"}', 400, 'invalid_text'],
    [
      'a bell in the petitioner name',
      JSON.stringify({ text: '欠薪', petitioner: { name: '王\u0007' } }),
      400,
      'invalid_text',
    ],
    ['invalid UTF-8 bytes', new Uint8Array([...raw('{"text":"'), 0xff, 0xfe, ...raw('"}')]), 400, 'invalid_encoding'],
    ['a 100,000-character line', JSON.stringify({ text: '欠'.repeat(100_000) }), 400, 'invalid_request'],
    ['a 100,000-character title', JSON.stringify({ text: '欠薪', title: 'x'.repeat(100_000) }), 400, 'invalid_request'],
    [
      'JSON nested 1,000 deep',
      `{"text":"欠薪","attachments":${'['.repeat(1000)}${']'.repeat(1000)}}`,
      400,
      'invalid_text',
    ],
    ['a number for text', '{"text":12345}', 400, 'invalid_request'],
    ['an array body', '[{"text":"欠薪"}]', 400, 'invalid_request'],
    ['null', 'null', 400, 'invalid_request'],
    ['an empty body', '', 400, 'malformed_json'],
    ['truncated JSON', '{"text":"欠', 400, 'malformed_json'],
    [
      'a huge number for attachment size',
      '{"text":"欠薪","attachments":[{"name":"a","size":1e400}]}',
      400,
      'invalid_request',
    ],
    ['a prototype key', '{"text":"欠薪","__proto__":{"admin":true}}', 400, 'invalid_request'],
  ])('answers 4xx for %s and writes nothing', async (_n, body, status, code) => {
    const t = await createTestApp();
    const before = rowCounts(t);
    const res = await t.request('/v1/petitions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
    expect(rowCounts(t)).toEqual(before);
  });

  it.each(['/v1/petitions?q=%00abc', '/v1/petitions?q=a%07b', '/v1/petitions/XF%00'])(
    'answers 400 for a control character in %s',
    async (path) => {
      const t = await createTestApp();
      const res = await t.get(path);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe('invalid_text');
    },
  );

  it('refuses a control character in a page form too (POST /reception), writing nothing', async () => {
    const t = await createTestApp();
    const before = rowCounts(t);
    const res = await t.request('/reception', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ text: '欠薪\u0000了', channel: '网络' }).toString(),
    });
    expect(res.status).toBe(400);
    expect(rowCounts(t)).toEqual(before);
  });

  it('accepts tabs, newlines, emoji and rare CJK (a well-formed surrogate pair is not a lone one)', async () => {
    const t = await createTestApp();
    const res = await t.post('/v1/petitions', { text: '反映：\n\t村道损坏😡，𠀀𪚥字也要能存。' });
    expect(res.status).toBe(201);
    expect((await res.json()).text).toContain('😡，𠀀𪚥');
  });
});
