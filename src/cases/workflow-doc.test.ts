import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, withGeneratedPart, workflowMermaid } from './workflow-doc.ts';
import { MOVES, STEP_NAMES } from './workflow.ts';

describe('docs/workflow.md', () => {
  it('holds the diagram and moves table the code generates (npx tsx src/cases/workflow-doc.ts --write)', () => {
    const doc = readFileSync(DOC_PATH, 'utf8');
    expect(doc).toBe(withGeneratedPart(doc));
  });

  it('draws every step and every move', () => {
    const mermaid = workflowMermaid();
    for (const s of STEP_NAMES) expect(mermaid).toContain(`  ${s} : `);
    for (const m of MOVES) expect(mermaid).toMatch(new RegExp(`^  ${m.from} --> ${m.to}( :|$)`, 'm'));
  });
});
