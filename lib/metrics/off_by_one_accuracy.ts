import { withinKAccuracy } from "./within_k_accuracy.ts";
import type { MaybeNumber, MetricResult } from "./types.ts";

/**
 * The paper's OffByOne: the fraction of usable pairs with `|prediction − label| ≤ 1`.
 * Same as {@linkcode withinKAccuracy} with `k = 1`.
 *
 * @param predictions Judge scores; `null`, `undefined` and non-finite values are missing.
 * @param labels Gold labels, one per prediction.
 * @returns The fraction in [0, 1] (`NaN` with no usable pair) with the pairs used and dropped.
 * @throws {RangeError} When the two vectors differ in length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { offByOneAccuracy } from "./off_by_one_accuracy.ts";
 * assert(offByOneAccuracy([1, 2, 5], [2, 4, 5]).value === 2 / 3);
 * ```
 */
export function offByOneAccuracy(
  predictions: readonly MaybeNumber[],
  labels: readonly number[],
): MetricResult {
  return withinKAccuracy(predictions, labels, 1);
}
