import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RED_TEXT } from '../alerts/testing/alert-fixture.ts';
import { simpleTriage } from '../alerts/testing/simple-triage.ts';
import { createLogger } from '../log.ts';
import { createTestApp } from '../testing/test-app.ts';
import { sqliteOnly } from '../testing/test-db.ts';

// The done-when probe of issue 17: personal data written anywhere (petition text, every free-text field) is
// never in clear in the database file, its WAL or the logs. The raw bytes are searched, not the API.

function idWithCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((s, x, i) => s + x * Number(first17[i]), 0);
  return first17 + '10X98765432'[sum % 11];
}
const fullWidth = (s: string) => s.replace(/[0-9X-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

const NAME = '司马青云'; // the registered petitioner: found wherever it recurs
const CUED = '欧阳明月'; // a name found by its cue (联系人：)
const ID = idWithCheck('43010219800101123');
const PHONE = '13912345678';
const WIDE_PHONE = fullWidth('13788889999');
const SPACED_PHONE = '136 5555 6666';
const WIDE_ID = fullWidth(idWithCheck('11010519491231002'));

/** One sentence carrying every probe; `n` tells the fields apart in a failure message. */
const probes = (n: string) =>
  `${n}：信访人${NAME}，联系人：${CUED}，身份证号${ID}，手机${PHONE}，另一手机${WIDE_PHONE}，座机${SPACED_PHONE}，证件号${WIDE_ID}。`;
/** What must never be found in clear: each probe as written, and its digits in half-width form. */
const NEEDLES = [
  NAME,
  CUED,
  ID,
  PHONE,
  WIDE_PHONE,
  SPACED_PHONE,
  SPACED_PHONE.replace(/\s/g, ''),
  WIDE_ID,
  '13788889999',
  idWithCheck('11010519491231002'),
];

const fillIn = (reply: string) =>
  reply
    .replace(/【待核实：[^】]*】/g, '施工单位尚欠工资属实。')
    .replace(
      /处理意见：【处理意见：[^】]*】[^。\n]*。/,
      '处理意见：依照《信访工作条例》第三十二条第一项的规定，本机关对您的请求予以支持。',
    );

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function leaks(bytes: Buffer | string, where: string): string[] {
  const s = typeof bytes === 'string' ? bytes : bytes.toString('latin1');
  return NEEDLES.filter((n) =>
    s.includes(typeof bytes === 'string' ? n : Buffer.from(n, 'utf8').toString('latin1')),
  ).map((n) => `${where}: ${n}`);
}

describe.skipIf(sqliteOnly('reads the bytes of the SQLite database, its WAL and the logs'))(
  'personal data at rest (issue 17 probe)',
  () => {
    it('never leaves a name, ID number or phone (half- or full-width) in clear in the database, its WAL or the logs', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'xf-pii-probe-'));
      dirs.push(dir);
      const dbPath = join(dir, 'xf.db');
      const logLines: string[] = [];
      const t = await createTestApp({
        config: { DB_PATH: dbPath },
        overrides: { log: createLogger('debug', (l) => logLines.push(l)), triage: simpleTriage },
      });
      const ok = async (res: Response | Promise<Response>, status = 200) => {
        const r = await res;
        expect(r.status, await r.clone().text()).toBe(status);
        return r.json();
      };

      const text = `某建筑公司拖欠我们十二名农民工工资共计八万元，已经半年，多次讨要无果，请求责令支付。${probes('信件')}`;
      const attachments = [{ name: `${NAME}身份证${ID}.jpg` }, { name: `联系人：${CUED}，手机${WIDE_PHONE}.pdf` }];
      const registration = {
        text,
        title: `${NAME}反映欠薪 ${PHONE}`,
        location: `信访人${NAME}家中，电话${SPACED_PHONE}`,
        attachments,
      };
      const p = await ok(
        t.post('/v1/petitions', {
          ...registration,
          petitioner: { name: NAME, id_number: ID, phone: PHONE, address: '某县某镇某村' },
        }),
        201,
      );
      const id = p.id as string;
      const move = (to: string, extra: Record<string, unknown> = {}) =>
        ok(t.post(`/v1/petitions/${id}/transitions`, { to, actor: '李科员', reason: probes(`move-${to}`), ...extra }));
      await move('screened', { decision: 'accepted' });
      await ok(t.post(`/v1/petitions/${id}/extension`, { days: 10, actor: '李科员', reason: probes('extension') }));
      await move('routed');
      await ok(
        t.post(`/v1/petitions/${id}/assignments`, {
          department: '人力资源和社会保障局',
          days: 15,
          actor: '李科员',
          instructions: probes('instructions'),
        }),
        201,
      );
      const deps = (await ok(t.get('/v1/departments'))).items as { id: string; name: string }[];
      const hr = deps.find((d) => d.name === '人力资源和社会保障局')!;
      const hrKey = (await ok(t.post(`/v1/departments/${hr.id}/keys`, { name: '人社局承办' }), 201)).key as string;
      const asHr = { authorization: `Bearer ${hrKey}` };
      const cur = (s: string) => `/v1/petitions/${id}/assignments/current/${s}`;
      await ok(t.post(cur('notice'), { message: probes('notice'), actor: '张科长' }), 201);
      await ok(t.post(cur('extension-request'), { days: 5, reason: probes('extension-request'), actor: '人社' }, asHr));
      await ok(
        t.post(cur('extension-decision'), { granted: true, reason: probes('extension-decision'), actor: '张科长' }),
      );
      await ok(
        t.post(
          cur('findings'),
          { findings: `经查，工资已全部支付。${probes('findings')}`, outcome: '支持', actor: '人社' },
          asHr,
        ),
      );
      await ok(t.post(cur('assessment'), { accepted: true, reason: probes('assessment'), actor: '张科长' }));
      const draft = await ok(t.post(`/v1/petitions/${id}/drafts`, { actor: '李科员', kind: 'opinion' }), 201);
      const edited = await ok(
        t.post(`/v1/petitions/${id}/drafts/edits`, {
          actor: '李科员',
          reply: `${fillIn(draft.reply)}\n${probes('draft-edit')}`,
        }),
        201,
      );
      await ok(t.post(`/v1/petitions/${id}/drafts/${edited.version}/approve`, { actor: '张科长' }));
      await ok(
        t.post(`/v1/petitions/${id}/follow-up`, {
          satisfaction: '满意',
          comment: probes('follow-up'),
          actor: '回访员',
        }),
      );

      const red = await ok(t.post('/v1/petitions', { text: `${RED_TEXT}${probes('red')}` }), 201);
      const alerts = (await ok(t.get('/v1/alerts'))).items as { id: string; petition_id: string }[];
      const alert = alerts.find((a) => a.petition_id === red.id)!;
      await ok(t.post(`/v1/alerts/${alert.id}/ack`, { actor: '值班员', note: probes('ack') }));

      // Read back by a role that may: the identities come back, and the read is in the case file.
      const revealed = await ok(t.get(`/v1/petitions/${id}/drafts?reveal=all`));
      expect(revealed.drafts.at(-1).reply).toContain(NAME);
      expect(revealed.drafts.at(-1).reply).toContain(WIDE_PHONE);
      const masked = await ok(t.get(`/v1/petitions/${id}/drafts`));
      expect(JSON.stringify(masked)).not.toContain(NAME);
      const events = (await ok(t.get(`/v1/petitions/${id}/events`))).events as { type: string }[];
      expect(events.filter((e) => e.type === 'pii_read').length).toBeGreaterThan(0);

      // A search for a phone and a name, exported: the export is logged without either.
      const exported = await t.get(`/v1/exports/petitions.csv?who=${PHONE}&q=${encodeURIComponent(`信访人${NAME}`)}`);
      expect(exported.status).toBe(200);
      expect(logLines.some((l) => l.includes('books exported'))).toBe(true);

      const found = [
        ...leaks(readFileSync(dbPath), 'db'),
        ...(existsSync(`${dbPath}-wal`) ? leaks(readFileSync(`${dbPath}-wal`), 'wal') : []),
        ...leaks(logLines.join('\n'), 'log'),
      ];
      expect(existsSync(`${dbPath}-wal`)).toBe(true);
      t.deps.close();
      // After the checkpoint at close, the main file holds every page.
      found.push(...leaks(readFileSync(dbPath), 'db after close'));
      expect(found).toEqual([]);
    });
  },
);
