import { withinKAccuracy } from "./within_k_accuracy.ts";
import type { MaybeNumber, MetricResult } from "./types.ts";

/**
 * The fraction of usable pairs whose prediction equals the label as a number (so `4.0` equals `4`;
 * the paper compared raw values, where `"4.0"` and `4` differ). Same as
 * {@linkcode withinKAccuracy} with `k = 0`, including its 1e-9 rounding slack.
 *
 * @param predictions Judge scores; `null`, `undefined` and non-finite values are missing.
 * @param labels Gold labels, one per prediction.
 * @returns The fraction in [0, 1] (`NaN` with no usable pair) with the pairs used and dropped.
 * @throws {RangeError} When the two vectors differ in length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exactAccuracy } from "./exact_accuracy.ts";
 * const acc = exactAccuracy([4.0, 3, null], [4, 2, 1]);
 * assert(acc.value === 0.5 && acc.missing === 1);
 * ```
 */
export function exactAccuracy(
  predictions: readonly MaybeNumber[],
  labels: readonly number[],
): MetricResult {
  return withinKAccuracy(predictions, labels, 0);
}
