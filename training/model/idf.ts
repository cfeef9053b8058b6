import { extractFeatures, type FeatureConfig, type Segmenter } from '../../src/triage/model/features.ts';
import { FeatureBag } from '../../src/triage/model/hashing.ts';

/** Smoothed idf per hash bucket, ln((1 + N) / (1 + df)) + 1, fitted on training texts only. */
export function fitIdf(texts: string[], config: FeatureConfig, segment?: Segmenter): Float32Array {
  const df = new Float32Array(config.dim);
  for (const t of texts) {
    const bag = new FeatureBag(config.dim);
    extractFeatures(t, config, bag, segment);
    for (const i of bag.counts.keys()) df[i] += 1;
  }
  const idf = new Float32Array(config.dim);
  for (let i = 0; i < config.dim; i++) idf[i] = Math.log((1 + texts.length) / (1 + df[i])) + 1;
  return idf;
}
