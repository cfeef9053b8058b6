import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { anchorFilePath, defaultAnchorDir } from '../store/anchor-file.ts';
import { openCaseFileKit, rawOpen } from './testing/case-file-kit.ts';

const SECRET = 'witness-secret-0123';

interface Received {
  body: { seq: number; hash: string; at: string; service: string };
  signatureOk: boolean;
}

/** A real witness on loopback: it keeps every head it is sent and checks the signature. */
async function startWitness(status = 200) {
  const received: Received[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const ts = String(req.headers['x-xinfang-timestamp']);
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${raw}`).digest('hex')}`;
    received.push({ body: JSON.parse(raw), signatureOk: req.headers['x-xinfang-signature'] === expected });
    res.writeHead(status).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/heads`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

describe('the outside witness', () => {
  it('receives every committed head, signed, and its record finds a truncation even after the anchor file is gone', async () => {
    const witness = await startWitness();
    stops.push(witness.close);
    const dir = mkdtempSync(join(tmpdir(), 'xf-witness-'));
    const kit = openCaseFileKit(dir, { witnessUrl: witness.url, witnessSecret: SECRET });
    for (const text of ['某公司拖欠工资三个月。', '小区物业乱收费。']) {
      kit.register(text);
      await kit.settle();
      await kit.anchoring.drain();
    }
    const head = kit.events.verify();
    expect(head.ok).toBe(true);
    kit.close();
    const last = witness.received.at(-1)!;
    expect(last.body).toMatchObject({ seq: head.events, hash: head.ok ? head.head : '', service: 'xinfang-assist' });
    expect(witness.received.every((r) => r.signatureOk)).toBe(true);
    expect(witness.received.map((r) => r.body.seq)).toEqual([0, 2, 4]);

    // Someone with the machine removes the anchor file and the newest events.
    const dbPath = kit.dbPath;
    rmSync(anchorFilePath(defaultAnchorDir(dbPath), dbPath));
    const raw = rawOpen(dbPath);
    raw.exec('DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq > 2; DELETE FROM audit_anchor_files');
    raw.pragma('foreign_keys = OFF');
    raw.exec(`DELETE FROM petitions WHERE id NOT IN (SELECT petition_id FROM events WHERE petition_id IS NOT NULL)`);
    raw.close();
    const again = openCaseFileKit(dir);
    // Locally nothing is left to compare with (the guard re-created, anchors started anew) …
    expect(again.events.verify().ok).toBe(true);
    // … but the head the witness holds is no longer in the database.
    expect(again.events.verify({ expect: { seq: last.body.seq, hash: last.body.hash } })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(new RegExp(`案卷被截断：锚点记录了第 ${last.body.seq} 号事件（外部见证）`)),
    });
    again.close();
  });

  it('keeps the service answering when the witness refuses, and logs it', async () => {
    const down = await startWitness(503);
    stops.push(down.close);
    const dir = mkdtempSync(join(tmpdir(), 'xf-witness-'));
    const kit = openCaseFileKit(dir, { witnessUrl: down.url });
    kit.register('某公司拖欠工资三个月。');
    await kit.settle();
    await kit.anchoring.drain();
    expect(down.received.length).toBeGreaterThan(0);
    expect(kit.logs.join('\n')).toMatch(/audit witness refused/);
    expect(kit.events.verify().ok).toBe(true);
    kit.close();
  });
});
