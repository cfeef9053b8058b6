import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** One anchored head of the case file: the chain's newest sequence number and hash at a moment. */
export interface Anchor {
  seq: number;
  hash: string;
  at: string;
}

export interface AnchorRead {
  anchors: Anchor[];
  /** Lines that are not anchors (Chinese, for the verify answer); a torn last line after a crash is not one. */
  problems: string[];
}

/** The default anchor folder: `anchors/` beside the database file, apart from the database's own files. */
export const defaultAnchorDir = (dbPath: string) => join(dirname(dbPath), 'anchors');

/** The anchor file of a database: named after it, so two databases in one folder never share a file. */
export const anchorFilePath = (dir: string, dbPath: string) => join(dir, `${basename(dbPath)}.anchors.jsonl`);

const TORN_MARKER = '{"torn":true}';

const isAnchor = (v: unknown): v is Anchor =>
  Boolean(v) &&
  typeof v === 'object' &&
  Number.isInteger((v as Anchor).seq) &&
  (v as Anchor).seq >= 0 &&
  /^[0-9a-f]{64}$/.test(String((v as Anchor).hash));

/** Parses an anchor file's text: one JSON anchor a line. */
export function parseAnchors(text: string): AnchorRead {
  const lines = text.split('\n');
  // The last piece has no newline: a write cut short by a crash (harmless), or '' after a complete file.
  const torn = lines.pop();
  const anchors: Anchor[] = [];
  const problems: string[] = [];
  lines.forEach((line, i) => {
    // A line cut short by a crash, closed at the next start by a {"torn":true} marker line: not an edit.
    if (line === TORN_MARKER || lines[i + 1] === TORN_MARKER) return;
    try {
      const v = JSON.parse(line) as unknown;
      if (isAnchor(v)) anchors.push({ seq: v.seq, hash: v.hash, at: String(v.at ?? '') });
      else problems.push(`锚点文件第 ${i + 1} 行不是锚点记录（被改动）`);
    } catch {
      problems.push(`锚点文件第 ${i + 1} 行无法解析（被改动或损坏）`);
    }
  });
  if (torn) {
    try {
      const v = JSON.parse(torn) as unknown;
      if (isAnchor(v)) anchors.push({ seq: v.seq, hash: v.hash, at: String(v.at ?? '') });
    } catch {
      // a crash in the middle of writing the last line
    }
  }
  return { anchors, problems };
}

/**
 * The append-only anchor file (JSON lines, 0600 in a 0700 folder), opened for appending: every head is written
 * before the request that made it is answered, so a later truncation of the database (deleted events, a WAL lost
 * after a kill) leaves an anchor the database can no longer match. The write reaches the kernel at once (it
 * survives the process being killed); the fsync that makes it survive power loss is `sync()`, run on the
 * anchoring interval, because an fsync per commit doubled the cost of a commit (scripts/bench-verify.ts).
 * `syncEach` fsyncs every anchor instead.
 */
export function openAnchorFile(path: string, opts: { syncEach?: boolean } = {}) {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const created = !existsSync(path);
  const fd = openSync(path, 'a+', 0o600);
  let closed = false;
  let dirty = false;
  // A write cut short by a crash left no newline: the next anchor starts on a fresh line so both parse.
  let lead = endsTorn(fd) ? `\n${TORN_MARKER}\n` : '';
  return {
    path,
    /** True when this open created the file (a new database, or the file was removed). */
    created,
    append(a: Anchor): void {
      if (closed) return;
      writeSync(fd, `${lead}${JSON.stringify({ seq: a.seq, hash: a.hash, at: a.at })}\n`);
      lead = '';
      if (opts.syncEach) fsyncSync(fd);
      else dirty = true;
    },
    /** Makes the anchors written so far durable (fsync), if any are not yet. */
    sync(): void {
      if (closed || !dirty) return;
      fsyncSync(fd);
      dirty = false;
    },
    read(): AnchorRead {
      return existsSync(path)
        ? parseAnchors(readFileSync(path, 'utf8'))
        : { anchors: [], problems: [`锚点文件 ${path} 不存在（被删除）`] };
    },
    close(): void {
      if (closed) return;
      if (dirty) fsyncSync(fd);
      closed = true;
      closeSync(fd);
    },
  };
}

export type AnchorFile = ReturnType<typeof openAnchorFile>;

function endsTorn(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return false;
  const b = Buffer.alloc(1);
  readSync(fd, b, 0, 1, size - 1);
  return b[0] !== 0x0a;
}
