import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCaseIndex, createRecommender, loadCorpus, loadLearned, LEARNED_FILE, type CaseIndex, type Recommender } from '../clauses/index.ts';
import type { Corpus } from '../clauses/types.ts';
import type { Config } from '../config.ts';
import { loadTriageParts, type LoadedTriage } from '../triage/builtin.ts';

/** The read-only knowledge the pipeline runs on: statutes, their index, typical cases, triage models. */
export interface Resources {
  corpus: Corpus;
  recommender: Recommender;
  caseIndex: CaseIndex;
  triage: LoadedTriage;
}

const SHIPPED_CASES_DIR = fileURLToPath(new URL('../../corpus/cases', import.meta.url));

// Read-only and costly to build (seconds for the index), so shared by every app in a process that points
// at the same folders; each app still gets its own database, clock and services.
const cache = new Map<string, Promise<Resources>>();

/** Loads (once per process and configuration) the corpus, its index, the case index and the models. */
export function loadResources(config: Pick<Config, 'CORPUS_DIR' | 'MODELS_DIR' | 'MODEL_DIR'>): Promise<Resources> {
  const key = JSON.stringify([config.CORPUS_DIR, config.MODELS_DIR, config.MODEL_DIR ?? '']);
  let r = cache.get(key);
  if (!r) {
    r = build(config);
    cache.set(key, r);
    r.catch(() => cache.delete(key));
  }
  return r;
}

async function build(config: Pick<Config, 'CORPUS_DIR' | 'MODELS_DIR' | 'MODEL_DIR'>): Promise<Resources> {
  const corpus = loadCorpus(config.CORPUS_DIR);
  const learnedPath = join(config.MODELS_DIR, LEARNED_FILE);
  const learned = existsSync(learnedPath) ? loadLearned(learnedPath) : undefined;
  // Tokenising every article with jieba is most of the start-up time; the cache is keyed by content, so a
  // changed corpus or dictionary simply rebuilds it.
  const cacheName = createHash('sha256').update(resolve(config.CORPUS_DIR)).digest('hex').slice(0, 16);
  const recommender = createRecommender(corpus, { learned, tokenCache: join(tmpdir(), `xinfang-clause-tokens-${cacheName}.json`) });
  // A statute folder without typical cases (e.g. ../shared/lawrefbook) still gets the shipped ones.
  const casesDir = join(config.CORPUS_DIR, 'cases');
  const caseIndex = createCaseIndex(existsSync(join(casesDir, 'manifest.json')) ? casesDir : SHIPPED_CASES_DIR);
  const triage = await loadTriageParts(config);
  return { corpus, recommender, caseIndex, triage };
}
