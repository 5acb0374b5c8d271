import { alignedPairs } from "./aligned_pairs.ts";
import type { MaybeNumber, MetricResult } from "./types.ts";

/** Rounding slack so that, e.g., `|1.1 − 0.1| ≤ 1` holds despite binary floating point. */
const TOLERANCE = 1e-9;

/**
 * The fraction of usable pairs with `|prediction − label| ≤ k` (up to a 1e-9 rounding slack).
 * `k = 1` is off-by-one accuracy, `k = 0` exact accuracy.
 *
 * Missing or non-finite pairs are dropped and counted; with no usable pair the value is `NaN`.
 *
 * @param predictions Judge scores; `null`, `undefined` and non-finite values are missing.
 * @param labels Gold labels, one per prediction.
 * @param k Allowed absolute distance, a finite number ≥ 0.
 * @returns The fraction in [0, 1] with the pairs used and dropped.
 * @throws {RangeError} When the vectors differ in length or `k` is negative or not finite.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withinKAccuracy } from "./within_k_accuracy.ts";
 * const acc = withinKAccuracy([1, 3, 5, null], [3, 3, 3, 3], 2);
 * assert(acc.value === 1 && acc.n === 3 && acc.missing === 1);
 * ```
 */
export function withinKAccuracy(
  predictions: readonly MaybeNumber[],
  labels: readonly number[],
  k: number,
): MetricResult {
  if (!Number.isFinite(k) || k < 0) throw new RangeError(`k must be a finite number ≥ 0, got ${k}`);
  const pairs = alignedPairs(predictions, labels);
  const n = pairs.predictions.length;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    if (Math.abs(pairs.predictions[i] - pairs.labels[i]) <= k + TOLERANCE) hits++;
  }
  return { value: n === 0 ? NaN : hits / n, n, missing: pairs.missing };
}
