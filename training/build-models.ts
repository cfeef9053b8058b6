/**
 * Rebuilds the shipped model weights, which are not kept in git, and checks them against models/manifest.json.
 *
 *   npm run models                 build every file that is missing or differs, then check all (exit 1 on a mismatch)
 *   npm run models -- --check      only check
 *   npm run models -- --force      rebuild every file
 *   --postinstall                  what `npm install` runs: as the default, but without ../shared/bench it only
 *                                  warns (the service then refuses to start and says why)
 *
 * Each file is refitted from the open data on its shipped design with the settings that cross-validation chose
 * (recorded in the manifest by the training scripts), without repeating the cross-validation: about a minute on
 * two cores instead of the several of `npm run train` and the other training scripts. The fits are deterministic
 * (fixed seeds, no threads), and the files come out byte for byte the same on Node 20 and Node 24.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ManifestEntry, modelProblems, readManifest, sha256Of } from '../src/triage/model/manifest.ts';
import { createSegmenter } from '../src/text/segment.ts';
import { fitShippedRisk } from './risk/fit.ts';
import { emotionDesigns, trainEmotionDesign } from './train-emotion.ts';
import { routingDesigns, trainRoutingModel } from './train-routing.ts';
import { type Classifier, fitShippedSelfHarm, selfHarmData } from './train-selfharm.ts';

const DIR = resolve(process.env.MODELS_DIR ?? 'models');
const BENCH = resolve('../shared/bench');
const args = new Set(process.argv.slice(2));

type Build = (dir: string, entry: ManifestEntry) => void;
const seg = createSegmenter();

/** Each entry fits and saves its files; none records into the manifest, which is what the files are checked against. */
const BUILDS: [files: string[], build: Build][] = [
  [['emotion.json'], (dir) => trainEmotionDesign(emotionDesigns(seg).at(-1)!, seg).save(join(dir, 'emotion.json'))],
  [
    ['category.json'],
    (dir, e) =>
      trainRoutingModel(routingDesigns(seg).at(-1)!, e.build!.otherThreshold as number).save(
        join(dir, 'category.json'),
      ),
  ],
  [
    ['selfharm.json', 'selfharm-topic.json'],
    (dir, e) => {
      const { rows, offTopic } = selfHarmData(join(BENCH, 'selfharm/sos1k-folds.jsonl'));
      const { classifier, yellow, red } = e.build as { classifier: Classifier; yellow: number; red: number };
      const fitted = fitShippedSelfHarm(classifier, rows, offTopic, { yellow, red });
      fitted.model.save(join(dir, 'selfharm.json'));
      fitted.topic.save(join(dir, 'selfharm-topic.json'));
    },
  ],
  [
    ['risk.json'],
    (dir, e) =>
      fitShippedRisk(e.build!.thresholds as Parameters<typeof fitShippedRisk>[0]).model.save(join(dir, 'risk.json')),
  ],
];

function main(): number {
  const manifest = readManifest(DIR);
  if (!manifest) {
    console.error(`模型清单不存在：${join(DIR, 'manifest.json')}`);
    return 1;
  }
  const stale = (file: string) =>
    args.has('--force') || !existsSync(join(DIR, file)) || sha256Of(join(DIR, file)) !== manifest.files[file]?.sha256;
  if (!args.has('--check')) {
    const todo = BUILDS.filter(([files]) => files.some(stale));
    if (todo.length > 0 && !existsSync(BENCH)) {
      console.error(`未找到公开数据 ${BENCH}，无法生成模型文件（${todo.flatMap(([f]) => f).join('、')}）。`);
      return args.has('--postinstall') ? 0 : 1;
    }
    for (const [files, build] of todo) {
      const t0 = Date.now();
      console.log(`生成 ${files.join('、')} …`);
      build(DIR, manifest.files[files[0]!]!);
      console.log(`  完成（${((Date.now() - t0) / 1000).toFixed(1)} 秒）`);
    }
  }
  const problems = modelProblems(DIR, manifest);
  if (problems.length > 0) {
    console.error(`模型文件与 models/manifest.json 不符：\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log(`模型文件齐全，与 models/manifest.json 一致（${Object.keys(manifest.files).length} 个文件）。`);
  return 0;
}

process.exitCode = main();
