import { alignedPairs } from "./aligned_pairs.ts";
import { MIN_CORRELATION_PAIRS, pearson, settleCorrelation } from "./_correlation.ts";
import { midranks } from "./midranks.ts";
import type { CorrelationOptions, MaybeNumber, MetricResult } from "./types.ts";

/**
 * Spearman's rank correlation ρ: the Pearson correlation of the midranks, so tied values share the
 * average of the ranks they span (as scipy's `spearmanr` and simple-statistics'
 * `sampleRankCorrelation` 7.12 do). The result does not depend on the order of the pairs.
 *
 * Missing or non-finite pairs are dropped and counted in `missing`. The value is undefined when
 * fewer than 3 pairs remain or either side is constant: `NaN` by default, `0` with
 * `{ constant: "zero" }` (the paper's behaviour).
 *
 * @param predictions Judge scores; `null`, `undefined` and non-finite values are missing.
 * @param labels Gold labels, one per prediction.
 * @param options Undefined-value policy.
 * @returns ρ in [-1, 1] (or `NaN`/`0`), with the pairs used and dropped.
 * @throws {RangeError} When the two vectors differ in length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { spearman } from "./spearman.ts";
 * const r = spearman([1, 2, 2, null, 3], [1, 3, 2, 5, 2]);
 * assert(Math.abs(r.value - 0.5) < 1e-12 && r.n === 4 && r.missing === 1);
 * assert(Number.isNaN(spearman([3, 3, 3], [1, 2, 3]).value));
 * assert(spearman([3, 3, 3], [1, 2, 3], { constant: "zero" }).value === 0);
 * ```
 */
export function spearman(
  predictions: readonly MaybeNumber[],
  labels: readonly number[],
  options: CorrelationOptions = {},
): MetricResult {
  const pairs = alignedPairs(predictions, labels);
  const n = pairs.predictions.length;
  const value = n < MIN_CORRELATION_PAIRS
    ? NaN
    : pearson(midranks(pairs.predictions), midranks(pairs.labels));
  return { value: settleCorrelation(value, options), n, missing: pairs.missing };
}
