/**
 * The workflow's clocks. The rules themselves sit below every layer in ../statutory-clocks.ts, because the
 * store's SQL applies them too; cases/ and the pages keep importing them from here.
 */
export * from '../statutory-clocks.ts';
