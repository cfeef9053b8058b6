import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LinearModelJson } from './linear-model.ts';

/**
 * The weights of a model file as the service uses them (dense Float32), kept beside the compiled code so a start
 * reads them instead of parsing the JSON, decoding base64 and expanding int8 rows (about a tenth of a start).
 * models/*.json stays the format training writes and the only source of truth: each binary file is named by and
 * holds the SHA-256 of the JSON it was made from, and is used only when that JSON is byte for byte the same.
 *
 * Layout: uint32 header length, header JSON (the model JSON without its base64 fields, plus the hash), zero
 * padding to a multiple of 4, the weights, then Float32 idf when the model has one. The weights are dense Float32
 * (read as a view of the file) when most rows hold some, else the Uint32 numbers of the rows that do and their
 * Float32 values: reading a dense file of mostly zeros (the category model) costs more than scattering its rows.
 */
export const MODEL_CACHE_DIR = fileURLToPath(new URL('../../../startup-cache/models/', import.meta.url));

/** A model JSON whose weights are already decoded (linearModelFromJson then skips the base64 fields). */
export type DecodedModelJson = LinearModelJson & { decoded?: { weights: Float32Array; idf?: Float32Array } };

interface Header {
  sha256: string;
  json: Omit<LinearModelJson, 'rows' | 'weights' | 'idf'>;
  weights: number;
  /** Rows stored (sparse layout), or 0 for dense weights. */
  rows: number;
  idf: number;
}
/** Dense when at least this share of the rows hold a weight. */
const DENSE_FROM = 0.25;

const cacheFile = (path: string, sha: string, dir: string) =>
  join(dir, `${basename(path, '.json')}-${sha.slice(0, 16)}.bin`);

/** Reads a model JSON file, with its decoded weights from the binary cache when one was made from these bytes. */
export function readModelFile(
  path: string,
  decode: (json: LinearModelJson) => { weights: Float32Array; idf?: Float32Array },
  dir = MODEL_CACHE_DIR,
): DecodedModelJson {
  const bytes = readFileSync(path);
  const sha = createHash('sha256').update(bytes).digest('hex');
  const file = cacheFile(path, sha, dir);
  if (existsSync(file)) {
    const cached = readCache(file, sha);
    if (cached) return cached;
  }
  const json = JSON.parse(bytes.toString('utf8')) as LinearModelJson;
  const decoded = decode(json);
  // Only where a build made startup-cache/: running from the sources just parses the JSON.
  if (existsSync(dirname(dir))) writeCache(file, sha, json, decoded);
  return { ...json, decoded };
}

function readCache(file: string, sha: string): DecodedModelJson | undefined {
  try {
    const buf = readFileSync(file);
    const headerLength = buf.readUInt32LE(0);
    const header = JSON.parse(buf.toString('utf8', 4, 4 + headerLength)) as Header;
    if (header.sha256 !== sha) return undefined;
    const k = header.json.labels.length;
    const start = (4 + headerLength + 3) & ~3;
    const stored = header.rows ? header.rows * (1 + k) : header.weights;
    if (buf.length !== start + 4 * (stored + header.idf)) return undefined;
    // Views of the file's own memory when it is aligned (a large file's Buffer is not pooled), else a copy.
    const at = buf.byteOffset + start;
    const body = at % 4 === 0 ? buf.buffer : buf.buffer.slice(at, buf.byteOffset + buf.length);
    const base = at % 4 === 0 ? at : 0;
    let weights: Float32Array;
    if (!header.rows) weights = new Float32Array(body, base, header.weights);
    else {
      const rows = new Uint32Array(body, base, header.rows);
      const values = new Float32Array(body, base + 4 * header.rows, header.rows * k);
      weights = new Float32Array(header.weights);
      for (let n = 0; n < rows.length; n++) weights.set(values.subarray(n * k, n * k + k), rows[n] * k);
    }
    const idf = header.idf ? new Float32Array(body, base + 4 * stored, header.idf) : undefined;
    return { ...(header.json as LinearModelJson), decoded: { weights, idf } };
  } catch {
    return undefined; // a corrupt or partial file: the JSON is parsed instead
  }
}

function writeCache(
  file: string,
  sha: string,
  json: LinearModelJson,
  d: { weights: Float32Array; idf?: Float32Array },
): void {
  const { rows: _rows, weights: _weights, idf: _idf, ...rest } = json;
  const k = json.labels.length;
  const used: number[] = [];
  for (let r = 0; r * k < d.weights.length; r++)
    if (d.weights.subarray(r * k, r * k + k).some((w) => w !== 0)) used.push(r);
  const sparse = used.length < DENSE_FROM * (d.weights.length / k);
  const weights = sparse
    ? [Uint32Array.from(used), Float32Array.from(used.flatMap((r) => [...d.weights.subarray(r * k, r * k + k)]))]
    : [d.weights];
  const header: Header = {
    sha256: sha,
    json: rest,
    weights: d.weights.length,
    rows: sparse ? used.length : 0,
    idf: d.idf?.length ?? 0,
  };
  const head = Buffer.from(JSON.stringify(header));
  const start = (4 + head.length + 3) & ~3;
  const parts = [...weights, ...(d.idf ? [d.idf] : [])].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  const prefix = Buffer.alloc(start);
  prefix.writeUInt32LE(head.length, 0);
  head.copy(prefix, 4);
  const out = Buffer.concat([prefix, ...parts]);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, out);
    renameSync(tmp, file); // atomic: a concurrent start never reads half a file
  } catch {
    // A folder the service may not write costs parsing the JSON next start, nothing else.
  }
}
