// Moved to src/reports/write.ts (the evaluators' page reads reports without importing the harness). Kept only until
// ui/evaluators.tsx, which other work is editing, imports it from there; delete then (.dependency-cruiser.cjs lists it).
export * from '../../src/reports/write.ts';
