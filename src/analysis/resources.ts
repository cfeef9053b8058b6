import { existsSync, realpathSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createCaseIndex,
  createRecommender,
  loadCorpus,
  loadLearned,
  LEARNED_FILE,
  type CaseIndex,
  type Recommender,
} from '../clauses/index.ts';
import { createMatterFirst, type MatterFirst } from '../clauses/matter-first.ts';
import { tokenTable } from '../clauses/token-cache.ts';
import { createTokenizer, tokenizerFingerprint } from '../clauses/tokenize.ts';
import type { Corpus } from '../clauses/types.ts';
import type { Config } from '../config.ts';
import { loadTriageParts, type LoadedTriage } from '../triage/builtin.ts';

/** The read-only knowledge the pipeline runs on: statutes, their index, typical cases, triage models. */
export interface Resources {
  corpus: Corpus;
  recommender: Recommender;
  caseIndex: CaseIndex;
  /** Built here rather than at the first petition, so the service is ready when /healthz first answers. */
  matterFirst: MatterFirst;
  triage: LoadedTriage;
}

const SHIPPED_CASES_DIR = fileURLToPath(new URL('../../corpus/cases', import.meta.url));
/**
 * Token caches that `npm run build` writes beside the compiled code (dist/startup-cache/), so even the first start
 * after an install skips jieba over the statutes and cases. Running from the sources (no such folder) and a
 * read-only install whose cache went stale use the OS temp folder as before. Every cache file is keyed by the
 * hash of its texts (or holds them) and of the dictionaries, so a changed corpus or dictionary is never served
 * old tokens: it is tokenised again (and the file rewritten where allowed).
 */
const BUILD_CACHE_DIR = fileURLToPath(new URL('../../startup-cache/', import.meta.url));

/** Where the token caches of one corpus folder live. */
function tokenCacheFile(corpusDir: string, kind: 'clause-tokens' | 'plain-tokens'): string {
  const dir = existsSync(BUILD_CACHE_DIR) ? BUILD_CACHE_DIR : tmpdir();
  const name = createHash('sha256').update(realpathSync(corpusDir)).digest('hex').slice(0, 16);
  return join(dir, `xinfang-${kind}-${name}.json`);
}

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
  // Tokenising every article with jieba was most of the start-up time; the caches are keyed by content.
  const recommender = createRecommender(corpus, {
    learned,
    tokenCache: tokenCacheFile(config.CORPUS_DIR, 'clause-tokens'),
  });
  // The case index and the matter-first index share the plain tokenizer (no legal dictionary), so one table.
  const plain = tokenTable(
    createTokenizer(),
    tokenizerFingerprint([]),
    tokenCacheFile(config.CORPUS_DIR, 'plain-tokens'),
  );
  // A statute folder without typical cases (e.g. ../shared/lawrefbook) still gets the shipped ones.
  const casesDir = join(config.CORPUS_DIR, 'cases');
  const caseIndex = createCaseIndex(existsSync(join(casesDir, 'manifest.json')) ? casesDir : SHIPPED_CASES_DIR, {
    tokenizer: plain.tokenize,
  });
  const matterFirst = createMatterFirst(corpus, { tokenizer: plain.tokenize });
  plain.close();
  const triage = await loadTriageParts(config);
  return { corpus, recommender, caseIndex, matterFirst, triage };
}
