import {
  bootstrapSettings,
  mean,
  percentileInterval,
  pick,
  resampleIndices,
} from "./_bootstrap.ts";
import type { BootstrapInterval, BootstrapOptions } from "./types.ts";

/** Options of {@linkcode bootstrapMeanDifference}. */
export interface MeanDifferenceBootstrapOptions extends BootstrapOptions {
  /**
   * Resample `a[i]` and `b[i]` together (same items or seeds under two conditions). Requires equal
   * lengths. Default `false`: `a` and `b` are resampled independently.
   */
  paired?: boolean;
}

/**
 * A seeded bootstrap percentile interval for `mean(a) − mean(b)`, e.g. the gain of one mode's
 * per-run Spearman over another's.
 *
 * @param a Values of the first condition (finite numbers).
 * @param b Values of the second condition (finite numbers).
 * @param options Seeded source, resample count, coverage, pairing.
 * @returns The difference of means and its interval.
 * @throws {RangeError} When a side is empty or has a non-finite value, when paired sides differ
 * in length, or when the options are out of range.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seededRandom } from "../random.ts";
 * import { bootstrapMeanDifference } from "./bootstrap_mean_difference.ts";
 * const ci = bootstrapMeanDifference([0.31, 0.35, 0.33], [0.2, 0.22, 0.25], {
 *   random: seededRandom(42),
 *   resamples: 500,
 * });
 * assert(ci.low > 0 && ci.low <= ci.estimate && ci.estimate <= ci.high);
 * ```
 */
export function bootstrapMeanDifference(
  a: readonly number[],
  b: readonly number[],
  options: MeanDifferenceBootstrapOptions,
): BootstrapInterval {
  const { resamples, confidence } = bootstrapSettings(options);
  for (const [name, side] of [["a", a], ["b", b]] as const) {
    if (side.length === 0) throw new RangeError(`${name} is empty`);
    if (!side.every(Number.isFinite)) throw new RangeError(`${name} has a non-finite value`);
  }
  if (options.paired && a.length !== b.length) {
    throw new RangeError(`paired samples differ in length (${a.length} vs ${b.length})`);
  }
  const replicates: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const indicesA = resampleIndices(options.random, a.length);
    const indicesB = options.paired ? indicesA : resampleIndices(options.random, b.length);
    replicates.push(mean(pick(a, indicesA)) - mean(pick(b, indicesB)));
  }
  return percentileInterval(mean(a) - mean(b), replicates, confidence);
}
