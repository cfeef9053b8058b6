import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * models/manifest.json: the checksum of every shipped weight file. The weights are not kept in git (each retrain
 * added megabytes to the history); `npm install` rebuilds them with `npm run models` (training/build-models.ts)
 * from the open data and the settings recorded here, and they must come out byte for byte as recorded.
 * The service checks them at start-up, so it never runs on missing, stale or half-written weights.
 */
export const MANIFEST_FILE = 'manifest.json';

export interface ManifestEntry {
  sha256: string;
  bytes: number;
  /** The settings the fit needs that were chosen by cross-validation (thresholds), exactly as chosen. */
  build?: Record<string, unknown>;
  /** The command that chose the settings and wrote the file. */
  trainedBy: string;
}

export interface ModelManifest {
  note: string;
  files: Record<string, ManifestEntry>;
}

export function readManifest(dir: string): ModelManifest | undefined {
  const path = join(dir, MANIFEST_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ModelManifest) : undefined;
}

export const sha256Of = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** One line per file that is missing or differs from the manifest, in Chinese; empty when all match. */
export function modelProblems(dir: string, manifest: ModelManifest): string[] {
  const problems: string[] = [];
  for (const [file, want] of Object.entries(manifest.files)) {
    const path = join(dir, file);
    if (!existsSync(path)) problems.push(`缺少 ${file}`);
    else if (sha256Of(path) !== want.sha256) problems.push(`${file} 与 ${MANIFEST_FILE} 中记录的校验和不符`);
  }
  return problems;
}
