import { describe, expect, it } from 'vitest';
import { applyGates, listSuites, loadSuite, normaliseThresholds } from './suite.ts';
import { join } from 'node:path';

describe('gates', () => {
  const t = normaliseThresholds({ macro_f1: 0.6, false_red: { max: 2 }, auroc: { min: 0.9, max: 1 }, missing: 0.1 });

  it.each([
    ['macro_f1', 0.61, true],
    ['macro_f1', 0.6, true],
    ['macro_f1', 0.59, false],
    ['false_red', 2, true],
    ['false_red', 3, false],
    ['auroc', 0.95, true],
    ['auroc', 0.89, false],
  ])('%s = %d passes: %s', (metric, value, pass) => {
    const g = applyGates({ [metric]: value }, { [metric]: t[metric] });
    expect(g[0].pass).toBe(pass);
  });

  it('fails a gate whose metric was not measured', () => {
    expect(applyGates({}, { missing: t.missing })[0]).toEqual({
      metric: 'missing',
      min: 0.1,
      value: null,
      pass: false,
    });
  });
});

describe('built-in suites', () => {
  it.each(listSuites(join(import.meta.dirname, 'suites')))('%s is valid', (path) => {
    expect(() => loadSuite(path)).not.toThrow();
  });
});
