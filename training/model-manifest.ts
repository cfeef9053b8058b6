/**
 * Writes models/manifest.json (src/triage/model/manifest.ts): every training script that saves a shipped weight file
 * records its checksum and the settings cross-validation chose for it, so `npm run models` can rebuild the file
 * byte for byte without repeating the cross-validation.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST_FILE, type ModelManifest, readManifest, sha256Of } from '../src/triage/model/manifest.ts';

const NOTE =
  'Checksums of the model weights, which are not kept in git: npm install runs `npm run models` ' +
  '(training/build-models.ts), which refits each file from the open data with the settings recorded here and ' +
  'checks it against this checksum; the service refuses to start when a file is missing or differs.';

export function recordModel(dir: string, file: string, trainedBy: string, build?: Record<string, unknown>): void {
  const manifest: ModelManifest = readManifest(dir) ?? { note: NOTE, files: {} };
  const path = join(dir, file);
  manifest.files[file] = {
    sha256: sha256Of(path),
    bytes: statSync(path).size,
    ...(build ? { build } : {}),
    trainedBy,
  };
  const files = Object.fromEntries(Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify({ note: NOTE, files }, null, 2)}\n`);
}
