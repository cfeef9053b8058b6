import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Tokenizer } from './tokenize.ts';

/** Bump when tokenize.ts changes what it emits, so old caches are ignored. */
const TOKENIZER_VERSION = 'segment-search-v2';
/** Bump when the file layout below changes. */
const FILE_FORMAT = 'xinfang-tokens/2';

/**
 * On disk: one JSON object whose tokens are ids into `vocab` (base64 Uint32), so reading it makes one string per
 * distinct word instead of one per occurrence (a third of the time of a plain JSON list on the shipped corpus).
 */
interface TokenFile {
  format: typeof FILE_FORMAT;
  key: string;
  vocab: string[];
  /** Tokens per text, then the token ids of every text in order (base64 Uint32). */
  lengths: string;
  ids: string;
  /** The texts themselves (token tables only); absent when `key` already covers them. */
  texts?: string[];
}

const base64 = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function uint32s(s: string): Uint32Array {
  const b = Buffer.from(s, 'base64');
  return new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

function encode(key: string, tokens: string[][], texts?: string[]): TokenFile {
  const idOf = new Map<string, number>();
  const ids: number[] = [];
  for (const list of tokens) for (const t of list) ids.push(idOf.get(t) ?? (idOf.set(t, idOf.size), idOf.size - 1));
  return {
    format: FILE_FORMAT,
    key,
    vocab: [...idOf.keys()],
    lengths: base64(Uint32Array.from(tokens, (l) => l.length)),
    ids: base64(Uint32Array.from(ids)),
    texts,
  };
}

function decode(f: TokenFile): string[][] {
  const lengths = uint32s(f.lengths);
  const ids = uint32s(f.ids);
  const out: string[][] = new Array(lengths.length);
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    const list: string[] = new Array(lengths[i]);
    for (let j = 0; j < list.length; j++) list[j] = f.vocab[ids[at++]];
    out[i] = list;
  }
  return out;
}

/** The file's contents when it exists, has this layout and was written under `key`; else undefined. */
function read(file: string, key: string): TokenFile | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const f = JSON.parse(readFileSync(file, 'utf8')) as TokenFile;
    return f.format === FILE_FORMAT && f.key === key ? f : undefined;
  } catch {
    return undefined; // a corrupt or partial file is rebuilt by the caller
  }
}

/**
 * Writes through a temporary name (a concurrent reader never sees half a file). A folder the service may not write
 * (a read-only install with a stale build cache) only costs the tokenising again next start, never the start itself.
 */
function write(file: string, contents: TokenFile): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, JSON.stringify(contents));
    renameSync(tmp, file);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was written
    }
  }
}

// jieba's own dictionary ships with the package: a new version may cut differently.
const JIEBA_VERSION = (
  JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const dictionaryKey = (dictionary: string[]) =>
  createHash('sha256').update(`${TOKENIZER_VERSION} jieba ${JIEBA_VERSION}\n`).update(dictionary.join('\n'));

/**
 * Tokenises every text, or reads the tokens from `file` when it was written for exactly these texts and
 * this dictionary (the key hashes both), so a changed corpus or dictionary rebuilds it.
 */
export function cachedTokens(texts: string[], tokenize: Tokenizer, dictionary: string[], file?: string): string[][] {
  if (!file) return texts.map(tokenize);
  const h = dictionaryKey(dictionary);
  for (const t of texts) h.update('\u0000').update(t);
  const key = h.digest('hex');
  const cached = read(file, key);
  if (cached && !cached.texts) {
    const tokens = decode(cached);
    if (tokens.length === texts.length) return tokens;
  }
  const tokens = texts.map(tokenize);
  write(file, encode(key, tokens));
  return tokens;
}

export interface TokenTable {
  /** Answers from the table for a text it holds, else through the tokenizer. */
  tokenize: Tokenizer;
  /** Writes the table again when texts were tokenised that it lacked, then keeps only the tokenizer. */
  close(): void;
}

/**
 * A tokenizer that answers the texts seen in an earlier run from `file` (keyed by the texts themselves, so it
 * serves any index built from them: the typical cases, the matter-first statutes). The file is valid only for
 * this dictionary and tokenizer version.
 */
export function tokenTable(tokenize: Tokenizer, dictionary: string[], file: string): TokenTable {
  const key = dictionaryKey(dictionary).digest('hex');
  const cached = read(file, key);
  let table: Map<string, string[]> | undefined = new Map();
  if (cached?.texts) {
    const tokens = decode(cached);
    cached.texts.forEach((t, i) => table!.set(t, tokens[i]));
  }
  // What this run asked for: written back (without texts no longer asked for) when any was missing.
  const used = new Map<string, string[]>();
  let missed = false;
  return {
    tokenize(text) {
      if (!table) return tokenize(text);
      let tokens = table.get(text);
      if (!tokens) {
        tokens = tokenize(text);
        table.set(text, tokens);
        missed = true;
      }
      used.set(text, tokens);
      // Callers may keep the list: a copy, so the table's entry stays what the tokenizer said.
      return [...tokens];
    },
    close() {
      if (table && missed) write(file, encode(key, [...used.values()], [...used.keys()]));
      table = undefined;
      used.clear();
    },
  };
}
