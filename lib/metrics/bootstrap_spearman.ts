import { alignedPairs } from "./aligned_pairs.ts";
import { bootstrapSettings, percentileInterval, pick, resampleIndices } from "./_bootstrap.ts";
import { spearman } from "./spearman.ts";
import type {
  BootstrapInterval,
  BootstrapOptions,
  CorrelationOptions,
  MaybeNumber,
} from "./types.ts";

/** Options of {@linkcode bootstrapSpearman}. */
export interface SpearmanBootstrapOptions extends BootstrapOptions, CorrelationOptions {}

/** A bootstrap interval for Spearman's ρ together with the pairs it used. */
export interface SpearmanInterval extends BootstrapInterval {
  /** Usable pairs (both values finite). */
  n: number;
  /** Pairs dropped because a value was missing or not finite. */
  missing: number;
}

/**
 * A seeded bootstrap percentile interval for Spearman's ρ, resampling the usable (prediction,
 * label) pairs with replacement. Resamples whose ρ is undefined (e.g. all ties) are left out under
 * the default `constant: "nan"` and `resamples` says how many remained; with `constant: "zero"`
 * they count as 0, as the paper would score them.
 *
 * @param predictions Judge scores; missing values are dropped and counted.
 * @param labels Gold labels, one per prediction.
 * @param options Seeded source, resample count, coverage, undefined-value policy.
 * @returns ρ on all usable pairs, its interval, `n` and `missing`.
 * @throws {RangeError} When the vectors differ in length or the options are out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seededRandom } from "../random.ts";
 * import { bootstrapSpearman } from "./bootstrap_spearman.ts";
 * const ci = bootstrapSpearman([1, 2, 3, 4, 5, 6, null], [1, 3, 2, 4, 6, 5, 2], {
 *   random: seededRandom(1),
 *   resamples: 300,
 * });
 * assert(ci.n === 6 && ci.missing === 1 && ci.low <= ci.estimate && ci.high <= 1);
 * ```
 */
export function bootstrapSpearman(
  predictions: readonly MaybeNumber[],
  labels: readonly number[],
  options: SpearmanBootstrapOptions,
): SpearmanInterval {
  const { resamples, confidence } = bootstrapSettings(options);
  const pairs = alignedPairs(predictions, labels);
  const n = pairs.predictions.length;
  const policy: CorrelationOptions = { constant: options.constant };
  const replicates: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const indices = resampleIndices(options.random, n);
    replicates.push(
      spearman(pick(pairs.predictions, indices), pick(pairs.labels, indices), policy).value,
    );
  }
  const estimate = spearman(pairs.predictions, pairs.labels, policy).value;
  return { ...percentileInterval(estimate, replicates, confidence), n, missing: pairs.missing };
}
