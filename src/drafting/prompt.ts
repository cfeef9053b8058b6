import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const SLOT = /\{\{\s*([A-Za-z_]\w*)\s*\}\}/g;

export class PromptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptError';
  }
}

/** The slot names a template uses, in first-seen order. */
export function promptSlots(template: string): string[] {
  return [...new Set([...template.matchAll(SLOT)].map((m) => m[1]))];
}

/**
 * Renders `promptsDir/name.md`: the variables must be exactly the template's slots, each a string
 * (checked with zod: a missing or extra variable throws). Values are inserted once, never re-expanded.
 */
export function renderPrompt(promptsDir: string, name: string, vars: Record<string, unknown>): string {
  const template = readFileSync(join(promptsDir, `${name}.md`), 'utf8');
  const slots = promptSlots(template);
  const schema = z.object(Object.fromEntries(slots.map((s) => [s, z.string()]))).strict();
  const parsed = schema.safeParse(vars);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) =>
      i.code === 'unrecognized_keys'
        ? `unexpected variable(s) ${i.keys.join(', ')}`
        : `${i.path.join('.')}: ${i.message}`,
    );
    throw new PromptError(`prompt ${name}: ${issues.join('; ')}`);
  }
  const values = parsed.data as Record<string, string>;
  return template.replace(SLOT, (_, s: string) => values[s]);
}

/** Makes petition text safe to place between the prompt's data delimiters. */
export function asPromptData(text: string): string {
  return text.replace(/<{2,}|>{2,}/g, '').replace(/\{\{|\}\}/g, '');
}
