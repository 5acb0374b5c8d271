import { alignedPairs } from "./aligned_pairs.ts";
import type { MaybeNumber, MetricResult } from "./types.ts";

/**
 * Mean absolute error `mean(|prediction − label|)` over the usable pairs (lower is better).
 *
 * Missing or non-finite pairs are dropped and counted. With no usable pair the value is `NaN`
 * (the paper returns 0.0 there, which would score a judge that never parses as perfect).
 *
 * @param predictions Judge scores; `null`, `undefined` and non-finite values are missing.
 * @param labels Gold labels, one per prediction.
 * @returns The MAE with the pairs used and dropped.
 * @throws {RangeError} When the two vectors differ in length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { meanAbsoluteError } from "./mean_absolute_error.ts";
 * const mae = meanAbsoluteError([1, 4, undefined], [2, 2, 5]);
 * assert(mae.value === 1.5 && mae.n === 2 && mae.missing === 1);
 * ```
 */
export function meanAbsoluteError(
  predictions: readonly MaybeNumber[],
  labels: readonly number[],
): MetricResult {
  const pairs = alignedPairs(predictions, labels);
  const n = pairs.predictions.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(pairs.predictions[i] - pairs.labels[i]);
  return { value: n === 0 ? NaN : sum / n, n, missing: pairs.missing };
}
