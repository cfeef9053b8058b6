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
 * padding to a multiple of 4, Float32 weights, then Float32 idf when the model has one.
 */
export const MODEL_CACHE_DIR = fileURLToPath(new URL('../../../startup-cache/models/', import.meta.url));

/** A model JSON whose weights are already decoded (linearModelFromJson then skips the base64 fields). */
export type DecodedModelJson = LinearModelJson & { decoded?: { weights: Float32Array; idf?: Float32Array } };

interface Header {
  sha256: string;
  json: Omit<LinearModelJson, 'rows' | 'weights' | 'idf'>;
  weights: number;
  idf: number;
}

const cacheFile = (path: string, sha: string, dir: string) => join(dir, `${basename(path, '.json')}-${sha.slice(0, 16)}.bin`);

/** Reads a model JSON file, with its decoded weights from the binary cache when one was made from these bytes. */
export function readModelFile(path: string, decode: (json: LinearModelJson) => { weights: Float32Array; idf?: Float32Array }, dir = MODEL_CACHE_DIR): DecodedModelJson {
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
    const start = (4 + headerLength + 3) & ~3;
    if (buf.length !== start + 4 * (header.weights + header.idf)) return undefined;
    // A copy into a fresh, aligned buffer: the file's Buffer may sit at any offset of a pooled one.
    const floats = new Float32Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + buf.length));
    const weights = floats.subarray(0, header.weights);
    const idf = header.idf ? floats.subarray(header.weights) : undefined;
    return { ...(header.json as LinearModelJson), decoded: { weights, idf } };
  } catch {
    return undefined; // a corrupt or partial file: the JSON is parsed instead
  }
}

function writeCache(file: string, sha: string, json: LinearModelJson, d: { weights: Float32Array; idf?: Float32Array }): void {
  const { rows: _rows, weights: _weights, idf: _idf, ...rest } = json;
  const header: Header = { sha256: sha, json: rest, weights: d.weights.length, idf: d.idf?.length ?? 0 };
  const head = Buffer.from(JSON.stringify(header));
  const start = (4 + head.length + 3) & ~3;
  const out = Buffer.alloc(start + 4 * (header.weights + header.idf));
  out.writeUInt32LE(head.length, 0);
  head.copy(out, 4);
  Buffer.from(d.weights.buffer, d.weights.byteOffset, d.weights.byteLength).copy(out, start);
  if (d.idf) Buffer.from(d.idf.buffer, d.idf.byteOffset, d.idf.byteLength).copy(out, start + 4 * header.weights);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, out);
    renameSync(tmp, file); // atomic: a concurrent start never reads half a file
  } catch {
    // A folder the service may not write costs parsing the JSON next start, nothing else.
  }
}
