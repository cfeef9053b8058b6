import { describe, expect, it } from 'vitest';
import { createProgress } from './progress.ts';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

describe('progress', () => {
  it('redraws one bar in place on a terminal', () => {
    const f = fakeStream(true);
    const p = createProgress('emotion', 4, f.stream);
    for (let i = 1; i <= 4; i++) p.update(i, i === 4 ? 1 : 0);
    expect(f.writes[0]).toMatch(/^\remotion \[#{8}\.{22}\] 1\/4 errors 0 /);
    expect(f.writes.at(-2)).toMatch(/^\remotion \[#{30}\] 4\/4 errors 1 /);
    expect(f.writes.at(-1)).toBe('\n');
  });

  it('prints plain lines about every tenth of the run otherwise', () => {
    const f = fakeStream(false);
    const p = createProgress('clauses', 100, f.stream);
    for (let i = 1; i <= 100; i++) p.update(i, 0);
    expect(f.writes).toHaveLength(10);
    expect(f.writes.every((w) => /^clauses \d+\/100 errors 0 [\d.]+\/s\n$/.test(w))).toBe(true);
  });
});
