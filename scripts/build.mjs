#!/usr/bin/env node
// Compiles src/ to plain JavaScript in dist/ (esbuild, one output file per source file; no type check —
// that is `npm run typecheck`). Plain JS (not TypeScript) so that it runs before anything is compiled.
//
//   node scripts/build.mjs               build into dist/
//   node scripts/build.mjs --if-needed   build only when a file under src/ is newer than the last build
//   node scripts/build.mjs --outdir DIR  build somewhere else (tests)
//
// Layout: dist/src/** mirrors src/**, and dist/prompts, dist/corpus link back to the project, so every
// `new URL('../prompts/', import.meta.url)` in the sources finds the same files from the compiled code.
// dist/src/index.js, the server's entry, is then replaced by one bundle of everything it imports (see
// bundleServer): loading ~500 modules one by one cost more CPU at start-up than anything the server does.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
/** Folders outside src/ that the sources reach through import.meta.url. */
const LINKED = ['prompts', 'corpus'];
const STAMP = '.build-stamp';
/** Where compiled sources come from; a change in any of them triggers --if-needed. */
const SOURCE_DIRS = ['src', 'eval'];
/** Data the start-up token cache is built from: a change rebuilds it. */
const DATA_DIRS = ['corpus'];

/** Never compiled nor listed: saved reports, and evaluation data others must not see. */
const SKIP_DIRS = new Set(['node_modules', 'reports', 'blind']);

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(p, out);
    } else out.push(p);
  }
  return out;
}

const isTest = (f) => /\.test\.tsx?$/.test(f);
const isSource = (f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts') && !isTest(f);
const isAsset = (f) => /\.(json|sql|txt|bin)$/.test(f);

/** esbuild keeps import specifiers as written; Node needs the emitted `.js` names. */
export function rewriteImports(code) {
  return code.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"'\n]*?)\.tsx?\2/g, '$1$2$3.js$2');
}

function newestSourceMtime() {
  let newest = 0;
  for (const dir of SOURCE_DIRS)
    for (const f of walk(join(ROOT, dir)))
      if (isSource(f) || isAsset(f)) newest = Math.max(newest, statSync(f).mtimeMs);
  for (const dir of DATA_DIRS) for (const f of walk(join(ROOT, dir))) newest = Math.max(newest, statSync(f).mtimeMs);
  for (const f of [join(ROOT, 'package.json'), fileURLToPath(import.meta.url)])
    newest = Math.max(newest, statSync(f).mtimeMs);
  return newest;
}

/** Writes through a temporary name, so a server starting during a concurrent build never reads half a file. */
function writeAtomic(file, contents) {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, contents);
  renameSync(tmp, file);
}

/** The project's own files the server reaches from src/index.ts (src/ and the parts of eval/ the pages use). */
async function reachableSources() {
  const { metafile } = await build({
    entryPoints: [join(SRC, 'index.ts')],
    bundle: true,
    packages: 'external',
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    logLevel: 'error',
  });
  return Object.keys(metafile.inputs).map((f) => resolve(ROOT, f));
}

/** Packages that stay outside the bundle: native addons and packages that read files beside their own code. */
const NOT_BUNDLED = ['better-sqlite3', '@node-rs/jieba', '@huggingface/transformers', 'onnxruntime-node'];

/**
 * In a bundle every module would share the entry's import.meta.url; each project file's is set back to where
 * its own compiled copy lies in outdir, so the paths it builds from it (prompts, dictionaries, assets) do not move.
 */
function ownImportMetaUrl(outdir, bundleDir) {
  return {
    name: 'own-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.tsx?$/ }, (args) => {
        if (args.path.includes('/node_modules/') || !args.path.startsWith(ROOT)) return undefined;
        const compiled = join(outdir, relative(ROOT, args.path)).replace(/\.tsx?$/, '.js');
        const r = relative(bundleDir, compiled);
        const rel = r.startsWith('..') ? r : `./${r}`;
        const contents = readFileSync(args.path, 'utf8').replaceAll(
          'import.meta.url',
          `new URL(${JSON.stringify(rel)}, import.meta.url).href`,
        );
        return { contents, loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts' };
      });
    },
  };
}

/** Writes outdir/src/index.js as one ES module with the project and its pure-JavaScript packages. */
async function bundleServer(outdir) {
  const outfile = join(outdir, 'src', 'index.js');
  const result = await build({
    entryPoints: [join(SRC, 'index.ts')],
    bundle: true,
    write: false,
    outfile,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    charset: 'utf8',
    external: NOT_BUNDLED,
    plugins: [ownImportMetaUrl(outdir, dirname(outfile))],
    // Bundled CommonJS code calls require(); an ES module has none of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // A separate map file: Node reads it only with --enable-source-maps, so it costs nothing at start-up.
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  for (const f of result.outputFiles) writeAtomic(f.path, f.contents);
}

/**
 * Tokenises the shipped statutes and typical cases and decodes the model weights once, into outdir/startup-cache/,
 * by loading the resources through the compiled code itself (src/analysis/resources.ts and
 * src/triage/model/model-cache.ts say how the files are keyed and used). A failure here costs start-up time, not
 * the build.
 */
async function writeStartupCache(outdir) {
  mkdirSync(join(outdir, 'startup-cache'), { recursive: true });
  try {
    const { loadResources } = await import(pathToFileURL(join(outdir, 'src', 'analysis', 'resources.js')).href);
    await loadResources({ CORPUS_DIR: join(ROOT, 'corpus'), MODELS_DIR: join(ROOT, 'models') });
  } catch (e) {
    console.error(
      `build: start-up token cache not written (${e instanceof Error ? e.message : e}); the first start tokenises instead`,
    );
  }
}

/** Builds into outdir; returns the number of compiled files and the time taken. */
export async function buildAll(outdir = join(ROOT, 'dist')) {
  const started = performance.now();
  const reachable = await reachableSources();
  // Every non-test source under src/ (tools and scripts import some that the server does not), plus the rest it reaches.
  const entryPoints = [...new Set([...walk(SRC).filter(isSource), ...reachable.filter(isSource)])];
  const assets = [...new Set([...walk(SRC).filter(isAsset), ...reachable.filter(isAsset)])];
  const result = await build({
    entryPoints,
    outbase: ROOT,
    outdir,
    bundle: false,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    jsx: 'automatic',
    jsxImportSource: 'hono/jsx',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  for (const f of result.outputFiles) writeAtomic(f.path, rewriteImports(f.text));
  for (const f of assets) {
    const to = join(outdir, relative(ROOT, f));
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(f, to);
  }
  for (const name of LINKED) {
    const link = join(outdir, name);
    if (!existsSync(link)) symlinkSync(relative(outdir, join(ROOT, name)), link);
  }
  await bundleServer(outdir);
  await writeStartupCache(outdir);
  writeFileSync(join(outdir, STAMP), new Date().toISOString() + '\n');
  return { files: result.outputFiles.length, ms: Math.round(performance.now() - started) };
}

/** True when outdir has no build yet or a source is newer than it. */
export function buildNeeded(outdir = join(ROOT, 'dist')) {
  const stamp = join(outdir, STAMP);
  return !existsSync(stamp) || statSync(stamp).mtimeMs < newestSourceMtime();
}

async function main(argv) {
  const at = argv.indexOf('--outdir');
  const outdir = at >= 0 ? resolve(argv[at + 1]) : join(ROOT, 'dist');
  if (argv.includes('--if-needed') && !buildNeeded(outdir)) return;
  if (argv.includes('--clean')) rmSync(outdir, { recursive: true, force: true });
  const { files, ms } = await buildAll(outdir);
  console.error(`build: ${files} files → ${relative(process.cwd(), outdir) || '.'} in ${ms} ms`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
