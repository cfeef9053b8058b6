import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..');
/** A statement prepared from a literal, or SQL run directly: what only src/store/ may hold. */
const SQL_CALL = /\.prepare\(\s*[`'"]|\b(db|raw)\.exec\(/;
/** Tests and test kits build their own rows. */
const EXEMPT = /(^store\/|\.test\.tsx?$|(^|\/)testing\/)/;
/**
 * Known leftovers, each with the work it waits for; remove an entry when its file moves its SQL to src/store.
 * None today.
 */
const KNOWN = new Set<string>();

const sourceFiles = () =>
  readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => relative(SRC, join(SRC, f)).split('\\').join('/'));

describe('persistence behind src/store (DEVELOPERS.md, issue 21)', () => {
  it('no module outside src/store prepares or runs SQL', () => {
    const offenders = sourceFiles().filter(
      (f) => !EXEMPT.test(f) && !KNOWN.has(f) && SQL_CALL.test(readFileSync(join(SRC, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('lists as known only files that still hold SQL', () => {
    const stale = [...KNOWN].filter((f) => !SQL_CALL.test(readFileSync(join(SRC, f), 'utf8')));
    expect(stale).toEqual([]);
  });
});
