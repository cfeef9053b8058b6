import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAnchorFile, parseAnchors } from './anchor-file.ts';

const H = (c: string) => c.repeat(64);

describe('the anchor file', () => {
  it('is created 0600 in a 0700 folder and holds one JSON anchor a line', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'xf-anchor-')), 'anchors');
    const f = openAnchorFile(join(dir, 'x.db.anchors.jsonl'));
    expect(f.created).toBe(true);
    f.append({ seq: 1, hash: H('a'), at: 't1' });
    f.append({ seq: 2, hash: H('b'), at: 't2' });
    f.close();
    expect(statSync(f.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(f.read()).toEqual({
      anchors: [
        { seq: 1, hash: H('a'), at: 't1' },
        { seq: 2, hash: H('b'), at: 't2' },
      ],
      problems: [],
    });
  });

  it('survives a line cut short by a crash, and starts the next anchor on a fresh line', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'xf-anchor-')), 'x.anchors.jsonl');
    writeFileSync(path, `${JSON.stringify({ seq: 1, hash: H('a'), at: 't1' })}\n{"seq":2,"ha`);
    expect(parseAnchors(readFileSync(path, 'utf8'))).toEqual({
      anchors: [{ seq: 1, hash: H('a'), at: 't1' }],
      problems: [],
    });
    const f = openAnchorFile(path);
    f.append({ seq: 3, hash: H('c'), at: 't3' });
    f.close();
    const read = f.read();
    expect(read.anchors.map((a) => a.seq)).toEqual([1, 3]);
    // The torn piece is closed by a marker line, so a crash is not mistaken for an edit …
    expect(read.problems).toEqual([]);
    expect(readFileSync(path, 'utf8')).toContain('{"seq":2,"ha\n{"torn":true}\n{"seq":3,');
    // … while a broken line without it is reported.
    appendFileSync(path, '{"seq":4,"ha\n');
    expect(f.read().problems).toEqual(['锚点文件第 5 行无法解析（被改动或损坏）']);
  });

  it('names lines that are not anchors', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'xf-anchor-')), 'x.anchors.jsonl');
    appendFileSync(path, `${JSON.stringify({ seq: 1, hash: 'short', at: 't' })}\n`);
    expect(openAnchorFile(path).read().problems).toEqual(['锚点文件第 1 行不是锚点记录（被改动）']);
  });
});
