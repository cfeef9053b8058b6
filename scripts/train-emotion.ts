import { createNormaliser } from '../src/text/normalise.ts';
import type { Segmenter } from '../src/text/segment.ts';
import { embeddingConfig, type EmbeddingConfig } from '../src/triage/model/embedding.ts';
import { classificationReport, combineLinearModels, fnv1a, stratifiedFolds, type FeatureConfig, type LinearModel, type SvmDesign, type TrainOptions, trainLinearModel } from '../src/triage/model/index.ts';
import { trainWordVectors, type WordVectorOptions } from '../src/triage/model/word-vectors.ts';
import { NEGATORS, STRUCTURE_CUES, prepareEmotionText, readEmotionLexicon, withoutEmoticons } from '../src/triage/prepare.ts';
import { EMOTIONS } from '../src/triage/types.ts';
import { EMOTION_EVAL_FILE, type EmotionRow, readBench, readWritten } from './train-data.ts';
import { fitSelectedSvm, predictIndex, selectSvm } from './train-svm.ts';

const DIM = 2 ** 18;
const SVM_DIM = 2 ** 20;
const LABELS = [...EMOTIONS];

export interface EmotionDesign {
  name: string;
  /** Training files (bench-relative). */
  files: string[];
  /** One or more members; more than one makes a log-linear ensemble (equal weights unless given). */
  members: Member[];
  /** Word vectors learned from unlabelled text, for members with `vectors`. */
  wordVectors?: WordVectorOptions & { corpus: { file: string; field: string }[] };
  /** A TF-IDF + linear SVM instead of the members; C chosen by 5-fold CV on the training files. */
  svm?: SvmDesign;
  /** With `svm`: also a log-linear ensemble member trained like `members` (equal weights). */
  withMembers?: boolean;
  /** Self-training: label unlabeled texts with the first fit, add the most confident share, fit again. */
  selfTrain?: SelfTrain;
  /** Rewrites each labelled training text (never the evaluation or pool texts). */
  trainText?: (text: string) => string;
  /** Labelled texts the team wrote (files under training/), each counted `repeat` times. */
  written?: { files: string[]; repeat: number };
}

interface Member {
  features: FeatureConfig;
  train: Partial<TrainOptions>;
  weight?: number;
  /** Put a block of averaged word vectors (the design's `wordVectors`) beside `features`. */
  vectors?: boolean;
}

/** Unlabeled texts for self-training: bench files and the field holding the text. */
export interface SelfTrain {
  pool: { file: string; field: string }[];
  /** Share of the pool kept, most confident first (margin between the two best logits). */
  keep: number;
  /** Texts are cut to this many characters, near the length of a Weibo post. */
  maxChars: number;
  /** Each member labels the pool for itself (instead of the first ensemble labelling it for all). */
  perMember?: boolean;
}

/**
 * Petition text (no emotion labels): the messages of replies/teddy-fj4 and the questions of clauses/lawbench. It is
 * the text the service reads, and neither file is used to measure emotion.
 */
export const PETITION_POOL: SelfTrain = {
  pool: [
    { file: 'replies/teddy-fj4-open.jsonl', field: 'text' },
    { file: 'clauses/lawbench-3-8-open.jsonl', field: 'question' },
  ],
  keep: 0.5,
  maxChars: 200,
};

/**
 * Text for the word vectors: every open file whose text is Weibo posts or petitions (no labels are read). The
 * emotion evaluation split is not among them.
 */
export const VECTOR_CORPUS = [
  { file: 'emotion/ewect-virus-train.jsonl', field: 'text' },
  { file: 'emotion/ewect-virus-eval.jsonl', field: 'text' },
  { file: 'emotion/ewect-virus-test.jsonl', field: 'text' },
  { file: 'replies/teddy-fj4-open.jsonl', field: 'text' },
  { file: 'replies/teddy-fj4-open.jsonl', field: 'reply' },
  { file: 'clauses/lawbench-3-8-open.jsonl', field: 'question' },
  { file: 'routing/teddy-fj2-open.jsonl', field: 'text' },
];
/** Labelled petition messages the team wrote (under training/): hotline call notes and online 问政 posts. */
export const WRITTEN_PETITIONS = ['emotion/hotline.jsonl', 'emotion/online.jsonl'];
/** The vector block: 100 dimensions and the "no known word" indicator fit in 128 buckets. */
const VECTOR_DIM = 128;

/** Folds for choosing C inside the training files. */
const SVM_FOLDS = 5;
const SVM_FOLD_SEED = 7;

function lexicons() {
  const { intensity, ...labels } = readEmotionLexicon();
  return { labels: { ...labels, ...STRUCTURE_CUES }, intensity };
}

/** The designs compared in `npm run train -- --compare`; the last one is shipped. */
export function emotionDesigns(seg: Segmenter): EmotionDesign[] {
  const { labels: lexicon } = lexicons();
  const VIRUS_TRAIN = ['emotion/ewect-virus-train.jsonl'];
  const lexFeatures = { dim: DIM, charNgrams: [1, 2], lexicon, lexiconWeight: 10, negators: NEGATORS };
  // Only ~20 distinct features: a small table keeps hash collisions negligible.
  const lexOnly = { dim: 2 ** 14, charNgrams: [], lexicon, lexiconWeight: 1, negators: NEGATORS };
  const bal = { classWeight: 'balanced' as const };
  const svm = { classWeight: 'balanced' as const, minDf: 2, grid: [0.3, 1, 3] };
  const vectorDesign: EmotionDesign = {
    name: 'ensemble (char 1-2 + lexicon) × (lexicon only) × (word vectors + lexicon), all virus splits, self-trained per member',
    files: ['emotion/ewect-virus-train.jsonl', 'emotion/ewect-virus-eval.jsonl', 'emotion/ewect-virus-test.jsonl'],
    members: [
      { features: lexFeatures, train: bal, weight: 0.25 },
      { features: lexOnly, train: bal, weight: 0.25 },
      { features: lexOnly, vectors: true, train: { ...bal, algorithm: 'logreg', lambda: 1e-4, maxIter: 200, segment: seg.cut }, weight: 0.5 },
    ],
    wordVectors: { dims: 100, window: 4, minCount: 3, corpus: VECTOR_CORPUS },
    selfTrain: { ...PETITION_POOL, perMember: true },
  };
  const noEmoticons: EmotionDesign = { ...vectorDesign, name: `${vectorDesign.name}, emoticons out of the training texts`, trainText: withoutEmoticons };
  return [
    { name: 'char 1-3, softmax, no class weights', files: VIRUS_TRAIN, members: [{ features: { dim: DIM, charNgrams: [1, 2, 3] }, train: {} }] },
    { name: 'char 1-3, softmax, balanced', files: VIRUS_TRAIN, members: [{ features: { dim: DIM, charNgrams: [1, 2, 3] }, train: bal }] },
    { name: 'char 1-2, softmax, balanced', files: VIRUS_TRAIN, members: [{ features: { dim: DIM, charNgrams: [1, 2] }, train: bal }] },
    {
      name: 'char 1-3 + jieba words 1-2, softmax, balanced',
      files: VIRUS_TRAIN,
      members: [{ features: { dim: DIM, charNgrams: [1, 2, 3], wordNgrams: [1, 2] }, train: { ...bal, segment: seg.cut } }],
    },
    { name: 'char 1-2, complement NB, balanced', files: VIRUS_TRAIN, members: [{ features: { dim: DIM, charNgrams: [1, 2] }, train: { ...bal, algorithm: 'cnb' } }] },
    { name: 'char 1-2 + lexicon, softmax, balanced', files: VIRUS_TRAIN, members: [{ features: lexFeatures, train: bal }] },
    { name: 'lexicon only, softmax, balanced', files: VIRUS_TRAIN, members: [{ features: lexOnly, train: bal }] },
    {
      name: 'ensemble (char 1-2 + lexicon) × (lexicon only), all virus splits',
      files: ['emotion/ewect-virus-train.jsonl', 'emotion/ewect-virus-eval.jsonl', 'emotion/ewect-virus-test.jsonl'],
      members: [{ features: lexFeatures, train: bal }, { features: lexOnly, train: bal }],
    },
    {
      name: 'TF-IDF char 1-3 + jieba words, linear SVM (C by CV), balanced, virus-train',
      files: VIRUS_TRAIN,
      members: [],
      svm: { features: { dim: SVM_DIM, charNgrams: [1, 2, 3], wordNgrams: [1] }, ...svm },
    },
    {
      name: 'TF-IDF char 1-3 + jieba words + lexicon, linear SVM (C by CV), balanced, virus-train',
      files: VIRUS_TRAIN,
      members: [],
      svm: { features: { dim: SVM_DIM, charNgrams: [1, 2, 3], wordNgrams: [1], lexicon, lexiconWeight: 1, negators: NEGATORS }, ...svm },
    },
    {
      name: 'ensemble TF-IDF linear SVM (char 1-3 + words + lexicon) × (char 1-2 + lexicon) × (lexicon only), virus-train',
      files: VIRUS_TRAIN,
      members: [{ features: lexFeatures, train: bal }, { features: lexOnly, train: bal }],
      svm: { features: { dim: SVM_DIM, charNgrams: [1, 2, 3], wordNgrams: [1], lexicon, lexiconWeight: 1, negators: NEGATORS }, ...svm },
      withMembers: true,
    },
    // The SVM with lexicon won the in-domain CV (macro-F1 0.61 vs 0.59 without, virus-train folds) but not the
    // cross-domain usual-eval split: 0.480 alone and 0.553 in the ensemble, against 0.554 for this one.
    {
      name: 'ensemble (char 1-2 + lexicon) × (lexicon only), virus-train',
      files: VIRUS_TRAIN,
      members: [{ features: lexFeatures, train: bal }, { features: lexOnly, train: bal }],
    },
    // Shipped. As the ensemble above on all virus splits, then self-trained on petition text (the domain the service
    // reads). In-domain check (fit on virus-train + virus-eval, scored on virus-test): 0.611 vs 0.604 without.
    {
      name: 'ensemble (char 1-2 + lexicon) × (lexicon only), all virus splits, self-trained on petition text',
      files: ['emotion/ewect-virus-train.jsonl', 'emotion/ewect-virus-eval.jsonl', 'emotion/ewect-virus-test.jsonl'],
      members: [{ features: lexFeatures, train: bal }, { features: lexOnly, train: bal }],
      selfTrain: PETITION_POOL,
    },
    // A third member reads averaged word vectors (PPMI + SVD, learned from the open Weibo and petition text)
    // beside the lexicon, so words never seen labelled still count; each member self-trains on its own labels.
    // Chosen on half A of usual-eval (see inSelectionHalf), it gained on half B too: 0.564 against 0.537 for the
    // design above. The emotion evaluation split is neither trained on nor in the vector corpus. Compared on half A
    // and not better (scratch experiments, not kept): a shift towards the usual domain's published label prior,
    // negation scope / degree words / emoticon features, character vectors, multinomial NB, a one-hidden-layer MLP
    // (helps A in combination but is seed-unstable and several MB). Then, around this design (A within ±0.008, the
    // spread of one SGD seed change is 0.006): 200-d vectors, windows 2 / 8, min counts 2 / 5, lawbench answers or
    // statutes in the corpus, the lexicon expanded by vector neighbours, SIF weighting, a bigram fallback for unknown
    // words, the vector block in the first member too, other member weights.
    vectorDesign,
    // As above, but the Weibo emoticons ([心], [泪], [加油]...) are taken out of the labelled training texts.
    // 40 % of the virus posts carry one and the model leaned on them; petitions almost never do (1 % of the petition
    // pool), so the words around them have to carry the label instead. Full 0.587, half A 0.596, half B 0.577
    // (models/metrics.json; 0.578 / 0.589 / 0.567 without; with another SGD seed 0.586 against 0.577). Measured the same way and not
    // better: hashtags (#武汉加油#) taken out too 0.582, hashtags only 0.575, the emoticon's name kept without its
    // brackets 0.569, pseudo-labels kept per predicted label 0.579, four SGD seeds averaged 0.583, the self-harm
    // set's texts added to the self-training pool 0.583, pseudo-labels only where all members agree 0.575,
    // co-training (each member labelled by the other two) 0.573, class weights fixed from the labelled files
    // (n / (k × n_c)) 0.582 or its square root 0.569 instead of balanced over labelled plus pseudo-labelled rows,
    // a repost trained on its author's own words only (the text before the first //@, when at least 2 / 6
    // characters) 0.588 / 0.581, '#' taken out as well (hashtag words kept) 0.586, epidemic words (疫情, 口罩, 武汉...)
    // taken out as well 0.585, the last sentence's characters (last 10 / 30) as features of their own 0.586 / 0.578,
    // about 190 more general emotion words and idioms written into the lexicon from knowledge (气炸, 细思极恐, 惊掉下巴,
    // 破防, 喜大普奔...) 0.585, 1,440 labelled texts written by the team (general Weibo life, society, personal
    // feelings and petitions, 60 per label each) added to the labelled files once / three / eight times 0.587 / 0.580 /
    // 0.579 (A 0.597 / 0.578 / 0.579). The petition part became fixtures/emotion-petitions.jsonl, an evaluation set.
    noEmoticons,
    // Shipped. As above, plus 720 petition messages written by the team (training/emotion: hotline call notes and
    // online 问政 posts, 60 per label each), counted twice. Petitions are what the service reads and the Weibo
    // training posts are not. On the written petition fixtures (fixtures/emotion-petitions.jsonl, by another writer,
    // never trained on; the repeat count was chosen on them) macro-F1 0.756 → 0.889; on usual-eval 0.586 (A 0.592,
    // B 0.580) against 0.587 (A 0.596, B 0.577), within the spread of one seed change (models/metrics.json and the
    // harness, saved weights). Unsaved scratch fits, usual-eval / fixtures: counted once 0.581 / 0.884, twice 0.585 /
    // 0.892, three times 0.582 / 0.887; the call notes alone once 0.581 / 0.848, three times 0.576 / 0.861.
    { ...noEmoticons, name: `${noEmoticons.name}, plus 720 written petition messages (×2)`, written: { files: WRITTEN_PETITIONS, repeat: 2 } },
  ];
}

/** The labelled files a design trains on: bench files, then team-written files under training/ (with their repeat). */
export function trainedOn(design: EmotionDesign): string[] {
  const written = design.written?.files.map((f) => `training/${f} (×${design.written!.repeat})`) ?? [];
  return [...design.files, ...written];
}

/** Learns the design's word vectors from its corpus (posts whole, longer texts cut into sentences). */
function learnWordVectors(o: NonNullable<EmotionDesign['wordVectors']>, seg: Segmenter): EmbeddingConfig {
  const normalise = createNormaliser();
  const prep = (t: string) => prepareEmotionText(normalise(t).text);
  const docs = o.corpus.flatMap(({ file, field }) =>
    readBench<Record<string, string>>(file).flatMap((r) => {
      const text = r[field] ?? '';
      return file.startsWith('emotion/') ? [prep(text)] : prep(text).split(/(?<=[。！？!?])/);
    }),
  );
  // Codes and ids (six or more letters or digits: anonymised user ids, case numbers) carry no emotion and would
  // put identifiers of the source rows into the model file, so they never enter the vocabulary.
  const isWord = (w: string) => w.trim() !== '' && !/[A-Za-z0-9]{6,}/.test(w);
  const { words, vectors } = trainWordVectors(docs.map((d) => seg.cut(d).filter(isWord)), o);
  const about = `PPMI + SVD, ${o.dims} dims, window ${o.window}, min count ${o.minCount}, from ${[...new Set(o.corpus.map((c) => `${c.file} (${c.field})`))].join(', ')}`;
  return embeddingConfig(words, o.dims, vectors, about);
}

/** A member's features, with the vector block put beside them when it asks for one. */
function memberFeatures(m: Member, vectors?: EmbeddingConfig): FeatureConfig {
  if (!m.vectors) return m.features;
  if (!vectors) throw new Error('train-emotion: a member asks for word vectors but the design has none');
  const block = { dim: VECTOR_DIM, charNgrams: [], embedding: vectors };
  return { dim: VECTOR_DIM + m.features.dim, charNgrams: [], blocks: [{ weight: 1, features: block }, { weight: 1, features: m.features }] };
}

/** Trains one design on its files (normalised, prepared text). */
export function trainEmotionDesign(design: EmotionDesign, seg?: Segmenter): LinearModel {
  const normalise = createNormaliser();
  const written = design.written ? readWritten(design.written.files).flatMap((r) => Array<typeof r>(design.written!.repeat).fill(r)) : [];
  const rows = [...design.files.flatMap((f) => readBench<EmotionRow>(f)), ...written];
  const rewrite = design.trainText ?? ((t: string) => t);
  const texts = rows.map((r) => rewrite(prepareEmotionText(normalise(r.text).text)));
  const labels = rows.map((r) => r.label);
  const unknown = labels.find((l) => !LABELS.includes(l as (typeof LABELS)[number]));
  if (unknown) throw new Error(`train-emotion: unknown label ${unknown}`);
  if (design.svm) return trainEmotionSvm(design, design.svm, texts, labels, seg);
  let vectors: EmbeddingConfig | undefined;
  if (design.wordVectors) {
    if (!seg) throw new Error('train-emotion: word vectors need a segmenter');
    vectors = learnWordVectors(design.wordVectors, seg);
  }
  const st = design.selfTrain;
  // Fit, then (with self-training) label the pool with that fit and fit again on both.
  const selfTrained = (fit: (t: string[], l: string[]) => LinearModel): LinearModel => {
    const first = fit(texts, labels);
    if (!st) return first;
    const pseudo = pseudoLabel(first, st);
    return fit([...texts, ...pseudo.texts], [...labels, ...pseudo.labels]);
  };
  const fitAll = (t: string[], l: string[]) => combine(design, design.members.map((m) => fitMember(m, t, l, vectors)));
  if (!st?.perMember) return selfTrained(fitAll);
  return combine(design, design.members.map((m) => selfTrained((t, l) => fitMember(m, t, l, vectors))));
}

function fitMember(m: Member, texts: string[], labels: string[], vectors?: EmbeddingConfig): LinearModel {
  return trainLinearModel({ texts, labels, labelSet: LABELS, features: memberFeatures(m, vectors), epochs: 10, algorithm: 'softmax', ...m.train });
}

/** The members' log-linear ensemble, stored as one linear model (feature blocks side by side). */
function combine(design: EmotionDesign, models: LinearModel[]): LinearModel {
  const st = design.selfTrain;
  const selfTrained = st && { pool: st.pool.map((p) => p.file), keep: st.keep, maxChars: st.maxChars, perMember: st.perMember ?? false };
  const members = models.map((model, i) => ({ weight: design.members[i].weight ?? 1 / models.length, model }));
  return combineLinearModels(members, { design: design.name, trainedOn: trainedOn(design), selfTrained, intensityCues: lexicons().intensity });
}

/** The most confident share of the pool, labelled by `model` (margin between the two best logits). */
function pseudoLabel(model: LinearModel, st: SelfTrain): { texts: string[]; labels: string[] } {
  const normalise = createNormaliser();
  const pool = st.pool.flatMap(({ file, field }) =>
    readBench<Record<string, string>>(file).map((r) => prepareEmotionText(normalise(r[field] ?? '').text).slice(0, st.maxChars)),
  );
  const scored = pool.map((text) => {
    const z = [...model.logits(model.featurize(text))];
    const best = z.indexOf(Math.max(...z));
    const second = Math.max(...z.filter((_, i) => i !== best));
    return { text, label: model.labels[best], margin: z[best] - second };
  });
  const kept = scored.sort((a, b) => b.margin - a.margin).slice(0, Math.floor(st.keep * pool.length));
  return { texts: kept.map((k) => k.text), labels: kept.map((k) => k.label) };
}

function trainEmotionSvm(design: EmotionDesign, d: SvmDesign, texts: string[], labels: string[], seg?: Segmenter): LinearModel {
  const data = { texts, labels, labelSet: LABELS, segment: seg?.cut, folds: stratifiedFolds(labels, SVM_FOLDS, SVM_FOLD_SEED) };
  const score = (m: Float64Array[], y: number[]) =>
    classificationReport(y.map((v) => LABELS[v]), predictIndex(m).map((v) => LABELS[v]), LABELS).macroF1;
  const sel = selectSvm(d, data, score);
  const meta = {
    design: design.name,
    trainedOn: trainedOn(design),
    intensityCues: lexicons().intensity,
    selection: `C by ${SVM_FOLDS}-fold stratified CV (seed ${SVM_FOLD_SEED}) on the training files, macro-F1 ${sel.cvScore.toFixed(4)}`,
  };
  const svm = fitSelectedSvm(d, sel, data, meta);
  if (!design.withMembers) return svm;
  const others = design.members.map((m) => ({ weight: 1 / (design.members.length + 1), model: fitMember(m, texts, labels) }));
  return combineLinearModels([{ weight: 1 / (design.members.length + 1), model: svm }, ...others], { ...meta, svm: svm.opts.meta?.svm });
}

/**
 * Half A of the evaluation split (FNV-1a of `usual:<id>` even). The word-vector member and its weights were chosen
 * on half A only, so half B is free of that choice (the earlier designs were compared on the whole split).
 */
export const inSelectionHalf = (id: string) => (fnv1a(`usual:${id}`) & 1) === 0;

/** Macro-F1 on the usual-domain evaluation split, which no design trains on; also on its halves A and B. */
export function evaluateEmotion(model: LinearModel) {
  const normalise = createNormaliser();
  const rows = readBench<EmotionRow>(EMOTION_EVAL_FILE);
  const pred = rows.map((r) => model.predict(prepareEmotionText(normalise(r.text).text)));
  const half = (a: boolean) => {
    const idx = rows.flatMap((r, i) => (inSelectionHalf(r.id) === a ? [i] : []));
    return classificationReport(idx.map((i) => rows[i].label), idx.map((i) => pred[i]), LABELS).macroF1;
  };
  return { ...classificationReport(rows.map((r) => r.label), pred, LABELS), halfA: half(true), halfB: half(false) };
}
