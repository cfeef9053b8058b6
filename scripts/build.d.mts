/** Types of scripts/build.mjs (plain JavaScript so that it runs before anything is compiled). */
export function rewriteImports(code: string): string;
export function buildAll(outdir?: string): Promise<{ files: number; ms: number }>;
export function buildNeeded(outdir?: string): boolean;
