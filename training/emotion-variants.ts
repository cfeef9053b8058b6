/**
 * Variants of the emotion TF-IDF SVM by the cross-validation of training/train-emotion.ts (same folds, same library
 * code), faster than `npm run train -- --compare=emotion`: every text is featurized once per feature set, and each
 * fold only fits its idf and the SVM. Prints one line per variant (macro-F1 mean, folds 0–4, pooled, per-label
 * F1); training/EXPERIMENTS.md holds the figures. Writes nothing.
 *
 *   npx tsx training/emotion-variants.ts                    every variant (~20 min on 2 shared cores)
 *   npx tsx training/emotion-variants.ts shipped usual-only  the named ones
 *   npx tsx training/emotion-variants.ts blend priors        the shipped variant blended with the cross-domain design, or with the usual prior
 */
import { createNormaliser } from '../src/text/normalise.ts';
import { createSegmenter } from '../src/text/segment.ts';
import { embeddingConfig, embeddingFeatures, wordVectors } from '../src/triage/model/embedding.ts';
import { extractFeatures } from '../src/triage/model/features.ts';
import {
  FeatureBag,
  argmax,
  classificationReport,
  fitSvmVectors,
  type FeatureConfig,
  type SparseVector,
} from './model/index.ts';
import { trainWordVectors } from './model/word-vectors.ts';
import {
  NEGATORS,
  STRUCTURE_CUES,
  prepareEmotionText,
  readEmotionLexicon,
  withoutEmoticons,
} from '../src/triage/prepare.ts';
import { EMOTIONS } from '../src/triage/types.ts';
import { EMOTION_EVAL_FILE, EMOTION_TRAIN_FILES, readBench, readWritten } from './train-data.ts';
import { EMOTION_CV_FOLDS, WRITTEN_PETITIONS, emotionDesigns, trainEmotionDesign, usualRows } from './train-emotion.ts';

const LABELS = [...EMOTIONS];
const normalise = createNormaliser();
const seg = createSegmenter();
const prep = (t: string) => prepareEmotionText(normalise(t).text);

type Source = 'usual' | 'virus' | 'written';
interface Row {
  text: string;
  label: string;
  src: Source;
  fold: number;
}
const rows: Row[] = [
  ...usualRows().map((r) => ({ text: prep(r.text), label: r.label, src: 'usual' as const, fold: r.fold })),
  ...EMOTION_TRAIN_FILES.flatMap((f) => readBench<{ text: string; label: string }>(f)).map((r) => ({
    text: prep(r.text),
    label: r.label,
    src: 'virus' as const,
    fold: -1,
  })),
  ...readWritten(WRITTEN_PETITIONS).map((r) => ({
    text: prep(r.text),
    label: r.label,
    src: 'written' as const,
    fold: -1,
  })),
];

const { intensity: _intensity, ...lexLabels } = readEmotionLexicon();
const lexicon = { ...lexLabels, ...STRUCTURE_CUES };
const words = { dim: 2 ** 20, charNgrams: [1, 2, 3], wordNgrams: [1] };
const withLex = { ...words, lexicon, lexiconWeight: 1, negators: NEGATORS };

interface Variant {
  features: FeatureConfig;
  C: number;
  /** Weight per source; 0 leaves it out. */
  use: Record<Source, number>;
  /** Emoticons out of the cross-domain rows. */
  emoticonsOut?: boolean;
  /** Weight of a block of averaged word vectors beside the TF-IDF vector. */
  vectors?: number;
}
const only = { usual: 1, virus: 0, written: 0 };
const all = (usual: number, written = 1) => ({ usual, virus: 1, written });
const SHIPPED: Variant = { features: withLex, C: 0.1, use: all(8, 3), emoticonsOut: true };
const VARIANTS: Record<string, Variant> = {
  'usual-only-C0.1': { features: words, C: 0.1, use: only },
  'usual-only': { features: words, C: 0.3, use: only },
  'usual-only-C1': { features: words, C: 1, use: only },
  'all-usual1': { features: words, C: 0.3, use: all(1) },
  'all-usual3': { features: words, C: 0.3, use: all(3) },
  'all-usual8': { features: words, C: 0.3, use: all(8) },
  'all-usual16': { features: words, C: 0.3, use: all(16) },
  'all-usual8-C1': { features: words, C: 1, use: all(8) },
  'all-usual8-C0.1': { features: words, C: 0.1, use: all(8) },
  'lex-usual8-C0.3': { features: withLex, C: 0.3, use: all(8) },
  'lex-usual4-C0.3': { features: withLex, C: 0.3, use: all(4) },
  'lex3-usual8-C0.3': { features: { ...withLex, lexiconWeight: 3 }, C: 0.3, use: all(8) },
  'lexterms-usual8-C0.3': { features: { ...withLex, lexiconTerms: true }, C: 0.3, use: all(8) },
  'lex-usual8-C0.1': { features: withLex, C: 0.1, use: all(8) },
  'lex-usual8-C0.1-emoticons-out': { features: withLex, C: 0.1, use: all(8), emoticonsOut: true },
  shipped: SHIPPED,
  'shipped-C0.05': { ...SHIPPED, C: 0.05 },
  'shipped-usual12': { ...SHIPPED, use: all(12, 3) },
  'shipped-word-bigrams': { ...SHIPPED, features: { ...withLex, wordNgrams: [1, 2] } },
  'shipped-dim2^19': { ...SHIPPED, features: { ...withLex, dim: 2 ** 19 } },
  'shipped-dim2^18': { ...SHIPPED, features: { ...withLex, dim: 2 ** 18 } },
  'shipped-vectors0.5': { ...SHIPPED, vectors: 0.5 },
  'shipped-vectors1': { ...SHIPPED, vectors: 1 },
};

/** Raw hashed counts per row, once per feature set (and text rewrite). */
const bagCache = new Map<string, { idx: Int32Array; cnt: Float32Array }[]>();
function bags(v: Variant) {
  const key = JSON.stringify([v.features, v.emoticonsOut ?? false]);
  let out = bagCache.get(key);
  if (!out) {
    out = rows.map((r) => {
      const bag = new FeatureBag(v.features.dim);
      extractFeatures(
        v.emoticonsOut && r.src !== 'usual' ? withoutEmoticons(r.text) : r.text,
        v.features,
        bag,
        seg.cut,
      );
      const e = [...bag.counts.entries()].sort((a, b) => a[0] - b[0]);
      return { idx: Int32Array.from(e, (x) => x[0]), cnt: Float32Array.from(e, (x) => x[1]) };
    });
    bagCache.set(key, out);
  }
  return out;
}

/** TF-IDF as trainLinearSvm fits it (sublinear tf, smooth idf from the training rows, min df 2, L2). */
function tfidf(b: ReturnType<typeof bags>, train: number[], dim: number): (i: number) => SparseVector {
  const df = new Float32Array(dim);
  for (const i of train) for (const j of b[i].idx) df[j]++;
  const n = train.length;
  const limit = Math.log((1 + n) / 2) + 1 + 1e-6;
  const idf = Float32Array.from(df, (d) => {
    const v = Math.log((1 + n) / (1 + d)) + 1;
    return v > limit ? 0 : v;
  });
  return (i) => {
    const { idx, cnt } = b[i];
    const values = Float32Array.from(idx, (j, k) => (1 + Math.log(cnt[k])) * idf[j]);
    const norm = Math.sqrt(values.reduce((s, x) => s + x * x, 0)) || 1;
    return { indices: idx, values: values.map((x) => x / norm) };
  };
}

/** Averaged word vectors per row, learned from unlabelled text that includes the usual-eval texts (no labels). */
let vectorRows: SparseVector[] | undefined;
function vectorBlock(): SparseVector[] {
  if (vectorRows) return vectorRows;
  const corpus = [...EMOTION_TRAIN_FILES, EMOTION_EVAL_FILE].flatMap((f) =>
    readBench<{ text: string }>(f).map((r) => prep(r.text)),
  );
  const petitions = [
    ...readBench<{ text: string; reply: string }>('replies/teddy-fj4-open.jsonl').flatMap((r) => [r.text, r.reply]),
    ...readBench<{ question: string }>('clauses/lawbench-3-8-open.jsonl').map((r) => r.question),
    ...readBench<{ text: string }>('routing/teddy-fj2-open.jsonl').map((r) => r.text),
  ].flatMap((t) => prep(t ?? '').split(/(?<=[。！？!?])/));
  const isWord = (w: string) => w.trim() !== '' && !/[A-Za-z0-9]{6,}/.test(w);
  const { words: vocab, vectors } = trainWordVectors(
    [...corpus, ...petitions].map((d) => seg.cut(d).filter(isWord)),
    { dims: 100, window: 4, minCount: 3 },
  );
  const wv = wordVectors(embeddingConfig(vocab, 100, vectors));
  vectorRows = rows.map((r) =>
    embeddingFeatures(
      seg.cut(r.text).filter((w) => w.trim() !== ''),
      wv,
    ),
  );
  return vectorRows;
}

/** Out-of-fold raw margins on the usual rows. */
function outOfFold(v: Variant): Map<number, Float64Array> {
  const b = bags(v);
  const dim = v.features.dim + (v.vectors ? 128 : 0);
  const out = new Map<number, Float64Array>();
  for (let f = 0; f < EMOTION_CV_FOLDS; f++) {
    const train = rows.flatMap((r, i) => (r.fold !== f && v.use[r.src] > 0 ? [i] : []));
    const base = tfidf(b, train, v.features.dim);
    const vec = v.vectors ? (i: number) => appendBlock(base(i), vectorBlock()[i], v.features.dim, v.vectors!) : base;
    const y = train.map((i) => LABELS.indexOf(rows[i].label as (typeof LABELS)[number]));
    const { weights, bias } = fitSvmVectors(train.map(vec), y, LABELS.length, dim, {
      C: v.C,
      classWeight: 'balanced',
      sampleWeight: train.map((i) => v.use[rows[i].src]),
    });
    rows.forEach((r, i) => {
      if (r.fold !== f) return;
      const x = vec(i);
      const z = Float64Array.from(bias);
      for (let j = 0; j < x.indices.length; j++)
        for (let c = 0; c < z.length; c++) z[c] += x.values[j] * weights[x.indices[j] * z.length + c];
      out.set(i, z);
    });
  }
  return out;
}

function appendBlock(x: SparseVector, block: SparseVector, offset: number, weight: number): SparseVector {
  return {
    indices: Int32Array.from([...x.indices, ...Array.from(block.indices, (j) => j + offset)]),
    values: Float32Array.from([...x.values, ...Array.from(block.values, (v) => v * weight)]),
  };
}

function line(name: string, scores: Map<number, ArrayLike<number>>): string {
  const idx = [...scores.keys()];
  const f1 = (keep: number[]) =>
    classificationReport(
      keep.map((i) => rows[i].label),
      keep.map((i) => LABELS[argmax(scores.get(i)!)]),
      LABELS,
    );
  const perFold = [...Array(EMOTION_CV_FOLDS).keys()].map((f) => f1(idx.filter((i) => rows[i].fold === f)).macroF1);
  const pooled = f1(idx);
  const perLabel = Object.fromEntries(LABELS.map((l) => [l, +pooled.perLabel[l].f1.toFixed(3)]));
  const mean = perFold.reduce((a, b) => a + b, 0) / perFold.length;
  return `${name.padEnd(32)} ${mean.toFixed(4)} [${perFold.map((x) => x.toFixed(3)).join(' ')}] pooled ${pooled.macroF1.toFixed(4)} ${JSON.stringify(perLabel)}`;
}

/** The shipped variant's margins plus β × the logits of the cross-domain design (trained once, never on usual rows). */
function blend() {
  const svm = outOfFold(SHIPPED);
  const cross = trainEmotionDesign(emotionDesigns(seg)[0], seg, { inDomain: [], calibrate: false });
  const z = new Map([...svm.keys()].map((i) => [i, cross.logits(cross.featurize(rows[i].text))]));
  for (const beta of [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5])
    console.log(
      line(`blend β ${beta}`, new Map([...svm].map(([i, m]) => [i, m.map((v, c) => v + beta * z.get(i)![c])]))),
    );
}

/** The shipped variant's margins plus δ × log of the label prior of each fold's usual training rows. */
function priors() {
  const svm = outOfFold(SHIPPED);
  for (const delta of [0.05, 0.1, 0.2, 0.3]) {
    const shifted = new Map<number, Float64Array>();
    for (const [i, m] of svm) {
      const tr = [...svm.keys()].filter((j) => rows[j].fold !== rows[i].fold);
      const logPrior = LABELS.map((l) => Math.log(tr.filter((j) => rows[j].label === l).length / tr.length));
      shifted.set(
        i,
        m.map((v, c) => v + delta * logPrior[c]),
      );
    }
    console.log(line(`prior δ ${delta}`, shifted));
  }
}

const asked = process.argv.slice(2);
for (const name of asked.length ? asked : Object.keys(VARIANTS)) {
  if (name === 'blend') blend();
  else if (name === 'priors') priors();
  else if (VARIANTS[name]) console.log(line(name, outOfFold(VARIANTS[name])));
  else throw new Error(`emotion-variants: no variant ${name} (${Object.keys(VARIANTS).join(', ')}, blend, priors)`);
}
