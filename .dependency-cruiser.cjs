// The layer rules of src/ (DEVELOPERS.md "Layout", STYLE.md §8), checked by `npm run lint:deps` in .ci/run.
//
// A petition flows one way, and each folder may import only its own layer and the layers below it:
//
//   base (clock, statutory clocks, errors, log, random, config) → text → store/audit (persistence) → triage/clauses → drafting
//   → cases → alerts → pipeline (analysis/: the application layer) → reports (saved evaluation reports)
//   → http/ui → composition root (app, deps, index)
//
// Type-only imports count too: a type that points up is a piece in the wrong room just as a call is.
// Tests (*.test.ts) and test kits (testing/ folders) may reach any layer of src/ (they build whole apps),
// but nothing in src/ — test or not — reaches eval/ or scripts/, and no shipped module reaches training/
// (a test may train a tiny model with the training library, training/model/).

/** Lowest first. A layer's folders, as path prefixes under src/. */
const LAYERS = [
  { name: 'base', paths: ['src/(clock|statutory-clocks|errors|log|random|config)\\.ts$'] },
  { name: 'text', paths: ['src/text/'] },
  { name: 'persistence', paths: ['src/store/', 'src/audit/'] },
  { name: 'triage-clauses', paths: ['src/triage/', 'src/clauses/'] },
  { name: 'drafting', paths: ['src/drafting/'] },
  { name: 'cases', paths: ['src/cases/'] },
  { name: 'alerts', paths: ['src/alerts/'] },
  { name: 'pipeline', paths: ['src/analysis/'] },
  // The saved evaluation report (schema, HTML, labels): the harness writes it and the evaluators' page reads it.
  { name: 'reports', paths: ['src/reports/'] },
  { name: 'http-ui', paths: ['src/http/', 'src/ui/'] },
  { name: 'root', paths: ['src/(app|deps|index)\\.ts$'] },
];

const TEST_CODE = '(\\.test\\.tsx?$|/testing/)';
const anyOf = (paths) => `^(${paths.join('|')})`;

/** One rule per layer: it may not import any layer above it. */
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}`,
  comment: `${layer.name} imports only its own layer and those below it (${LAYERS.slice(0, i + 1)
    .map((l) => l.name)
    .join(', ')})`,
  severity: 'error',
  from: { path: anyOf(layer.paths), pathNot: TEST_CODE },
  to: { path: anyOf(LAYERS.slice(i + 1).flatMap((l) => l.paths)) },
}));

/**
 * Known violations, as dependency-cruiser's baseline entries ({ type: 'dependency', from, to, rule: { severity,
 * name } }): a violation that must wait for other work is listed here with a comment naming that work, and
 * `npm run lint:deps` then says how many it ignored; `LINT_DEPS_STRICT=1 npm run lint:deps` shows them as errors.
 * None are left; any violation not listed is an error.
 */
const KNOWN_VIOLATIONS = [];

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'src-not-harness',
      comment: 'src/ never imports the evaluation harness or scripts (they import src/)',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(eval|scripts)/' },
    },
    {
      name: 'src-not-training',
      comment:
        'src/ never imports training code; only a test may use the training library (training/model/) to build a tiny model',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^training/', pathNot: '^training/model/' },
    },
    {
      name: 'runtime-not-training',
      comment:
        'the service graph holds inference only: no shipped module of src/ reaches training code, even through others',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_CODE },
      to: { path: '^training/', reachable: true },
    },
    {
      name: 'no-test-code-in-runtime',
      comment: 'tests and test kits are never imported by the shipped code',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: 'triage-clauses-apart',
      comment: 'triage and clauses share a layer and stay independent of each other (no folder cycle between them)',
      severity: 'error',
      from: { path: '^src/(triage|clauses)/', pathNot: TEST_CODE },
      to: { path: '^src/(triage|clauses)/', pathNot: '^src/$1/' },
    },
    // Folders that share a layer point one way between themselves, so no two folders form a cycle.
    {
      name: 'store-below-audit',
      comment: 'store and audit share the persistence layer: audit keeps its chain in store, store never imports audit',
      severity: 'error',
      from: { path: '^src/store/', pathNot: TEST_CODE },
      to: { path: '^src/audit/' },
    },
    {
      name: 'http-below-ui',
      comment: 'http and ui share the top layer: pages may use http helpers, route modules never import pages',
      severity: 'error',
      from: { path: '^src/http/', pathNot: TEST_CODE },
      to: { path: '^src/ui/' },
    },
    {
      name: 'scripts-on-top',
      comment:
        'scripts/ are entry points (benchmarks, demo, judged-letter tools): the harness and training import none of them',
      severity: 'error',
      from: { path: '^(eval|training)/' },
      to: { path: '^scripts/' },
    },
    {
      name: 'eval-not-training',
      comment: 'the harness measures the service as it ships, never the training code',
      severity: 'error',
      from: { path: '^eval/' },
      to: { path: '^training/' },
    },
    {
      name: 'no-circular',
      comment: 'no cycle between files at run time (a type-only edge is erased by the compiler and closes no cycle)',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Saved reports and sealed evaluation text are not code, and nobody opens the blind sets.
    exclude: { path: '^(eval/blind|eval/reports|dist|data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'] },
    knownViolations: process.env.LINT_DEPS_STRICT ? [] : KNOWN_VIOLATIONS,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
