/**
 * Issue 16, the model's choice of articles (src/drafting/article-selection.ts) measured without a model server here:
 * the service's exact selection requests are written out, a helper session standing in for the operator's model
 * answers them (it sees only the requests: no code, no judgements), and the `llm` design replays the answers.
 * The model takes two steps (article-proposal.ts names statutes and articles, article-selection.ts scores them), so twice:
 *   npx tsx scripts/judged/llm-standin.ts --letters eval/judged/letters-fresh-7.json --tag f7-p --step propose
 *   (answers written) npx tsx scripts/judged/llm-standin.ts --letters … --tag f7-s --step select
 *     → /work/llm/requests/<tag>q01.jsonl … (24 requests each: {key, messages}); nothing about the letters is printed
 * Answers go to eval/judged/standin/*.jsonl as {key, text} (the key is sha1 of the request; no letter text), so a fresh
 * clone replays them. Then pool.ts / score.ts with --designs llm.
 * A request without an answer makes the service fall back to its threshold: score.ts reports how many did.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { LlmMessage, LlmProvider } from '../../src/drafting/llm/provider.ts';
import { readLetters } from './letters.ts';

/** Requests go outside the repository (they hold letter text); answers (keys and the model's JSON only) are data. */
export const LLM_DIR = '/work/llm';
// STANDIN_ANSWERS names another folder of answers: a second stand-in answering the same requests, to see how much the
// figure depends on the one model run that produced the first.
export const ANSWERS_DIR =
  process.env.STANDIN_ANSWERS ?? new URL('../../eval/judged/standin', import.meta.url).pathname;
const PER_FILE = 24;

export const requestKey = (messages: LlmMessage[]) => createHash('sha1').update(JSON.stringify(messages)).digest('hex');
/** Which of the model's steps a request is, by its system prompt (prompts/propose_system.md, select_system.md). */
export type Step = 'propose' | 'select' | 'phrase';
const stepOf = (messages: LlmMessage[]): Step => {
  const system = messages[0]?.content ?? '';
  return /可能要引用的法律依据/.test(system) ? 'propose' : /可以引用哪些法律条文/.test(system) ? 'select' : 'phrase';
};

/**
 * The stand-in model: answers a selection request from the recorded answers, records one it has no answer for,
 * and refuses every phrasing request (the offline phrasing is used, so citations depend on the selection alone).
 */
export function standInProvider(): LlmProvider & { unanswered: { key: string; step: Step; messages: LlmMessage[] }[] } {
  const answers = new Map<string, string>();
  const dir = ANSWERS_DIR;
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const a = JSON.parse(line) as { key: string; text: string };
          answers.set(a.key, a.text);
        } catch {
          // A broken line is an unanswered request: counted by the caller.
        }
      }
    }
  }
  const unanswered: { key: string; step: Step; messages: LlmMessage[] }[] = [];
  return {
    id: 'stand-in',
    unanswered,
    async complete(req) {
      const step = stepOf(req.messages);
      if (step === 'phrase') throw new Error('phrasing is not measured here');
      const key = requestKey(req.messages);
      const text = answers.get(key);
      if (text === undefined) {
        unanswered.push({ key, step, messages: req.messages });
        throw new Error('no recorded answer');
      }
      return { text };
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      letters: { type: 'string' },
      tag: { type: 'string', default: '' },
      // The first step's requests; once they are answered, the second step's (which show what the first named).
      step: { type: 'string', default: 'propose' },
    },
  });
  const letters = (JSON.parse(readFileSync(values.letters!, 'utf8')) as { letters: { id: string }[] }).letters;
  const rows = readLetters(letters.map((l) => l.id));
  const { createDeps } = await import('../../src/deps.ts');
  const { testConfig } = await import('../../src/config.ts');
  const provider = standInProvider();
  const deps = await createDeps(testConfig({}), { llm: provider });
  for (const l of letters) {
    const r = rows.get(l.id)!;
    await deps.analyzer.draft({ text: r.text, title: r.title });
  }
  mkdirSync(join(LLM_DIR, 'requests'), { recursive: true });
  const out = provider.unanswered
    .filter((u) => u.step === values.step)
    .map((u) => JSON.stringify({ key: u.key, messages: u.messages }));
  for (let i = 0; i * PER_FILE < out.length; i++) {
    const name = `${values.tag}q${String(i + 1).padStart(2, '0')}.jsonl`;
    writeFileSync(join(LLM_DIR, 'requests', name), out.slice(i * PER_FILE, (i + 1) * PER_FILE).join('\n') + '\n');
  }
  console.log(
    `${letters.length} letters: ${out.length} ${values.step} requests without an answer, ${Math.ceil(out.length / PER_FILE)} files`,
  );
}
