import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StartupError } from '../../errors.ts';
import { loadTriageParts } from '../builtin.ts';
import { type ModelManifest, modelProblems, readManifest, sha256Of } from './manifest.ts';

const SHIPPED = join(import.meta.dirname, '../../../models');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A models folder holding the shipped manifest and the given shipped files. */
function folder(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'models-'));
  dirs.push(dir);
  copyFileSync(join(SHIPPED, 'manifest.json'), join(dir, 'manifest.json'));
  for (const f of files) copyFileSync(join(SHIPPED, f), join(dir, f));
  return dir;
}

describe('models/manifest.json', () => {
  const manifest = readManifest(SHIPPED) as ModelManifest;
  const files = Object.keys(manifest.files);

  it('lists the five shipped weight files, and the ones in models/ are exactly those recorded', () => {
    expect(files.sort()).toEqual([
      'category.json',
      'emotion.json',
      'risk.json',
      'selfharm-topic.json',
      'selfharm.json',
    ]);
    expect(modelProblems(SHIPPED, manifest)).toEqual([]);
    for (const f of files) expect(sha256Of(join(SHIPPED, f))).toBe(manifest.files[f]!.sha256);
  });

  it('names a missing file and a file that differs, in Chinese', () => {
    const dir = folder(files.filter((f) => f !== 'risk.json'));
    writeFileSync(join(dir, 'selfharm.json'), '{}');
    expect(modelProblems(dir, manifest).sort()).toEqual([
      'selfharm.json 与 manifest.json 中记录的校验和不符',
      '缺少 risk.json',
    ]);
  });

  it('the service refuses to start on such a folder and says how to rebuild; a folder without a manifest is loaded as it is', async () => {
    const dir = folder(files.filter((f) => f !== 'selfharm.json'));
    const start = loadTriageParts({ MODELS_DIR: dir, MODEL_DIR: undefined });
    await expect(start).rejects.toBeInstanceOf(StartupError);
    await expect(start).rejects.toThrow(/缺少 selfharm\.json[\s\S]*npm run models/);
    rmSync(join(dir, 'manifest.json'));
    await expect(loadTriageParts({ MODELS_DIR: dir, MODEL_DIR: undefined })).resolves.toBeDefined();
  });
});
