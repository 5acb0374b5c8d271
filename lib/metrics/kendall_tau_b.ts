import { alignedPairs } from "./aligned_pairs.ts";
import { MIN_CORRELATION_PAIRS, settleCorrelation } from "./_correlation.ts";
import type { CorrelationOptions, MaybeNumber, MetricResult } from "./types.ts";

/**
 * Kendall's τ-b, the tie-corrected rank correlation (scipy's `kendalltau` default):
 * `(concordant − discordant) / sqrt((n₀ − tiesX)(n₀ − tiesY))` with `n₀ = n(n−1)/2` and
 * `tiesX`/`tiesY` the pairs tied on each side. Runs in O(n²), fine for test splits of a few
 * thousand rows.
 *
 * Missing pairs and the undefined cases (fewer than 3 pairs, a constant side) follow
 * {@linkcode spearman}: `NaN` by default, `0` with `{ constant: "zero" }`.
 *
 * @param predictions Judge scores; `null`, `undefined` and non-finite values are missing.
 * @param labels Gold labels, one per prediction.
 * @param options Undefined-value policy.
 * @returns τ-b in [-1, 1] (or `NaN`/`0`), with the pairs used and dropped.
 * @throws {RangeError} When the two vectors differ in length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kendallTauB } from "./kendall_tau_b.ts";
 * const tau = kendallTauB([1, 2, 3, 4], [1, 2, 4, 3]);
 * assert(Math.abs(tau.value - 4 / 6) < 1e-12 && tau.n === 4);
 * ```
 */
export function kendallTauB(
  predictions: readonly MaybeNumber[],
  labels: readonly number[],
  options: CorrelationOptions = {},
): MetricResult {
  const { predictions: x, labels: y, missing } = alignedPairs(predictions, labels);
  const n = x.length;
  let value = NaN;
  if (n >= MIN_CORRELATION_PAIRS) {
    let balance = 0; // concordant − discordant
    let tiesX = 0;
    let tiesY = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const sx = Math.sign(x[i] - x[j]);
        const sy = Math.sign(y[i] - y[j]);
        if (sx === 0) tiesX++;
        if (sy === 0) tiesY++;
        balance += sx * sy;
      }
    }
    const total = (n * (n - 1)) / 2;
    const denominator = Math.sqrt((total - tiesX) * (total - tiesY));
    value = denominator === 0 ? NaN : Math.max(-1, Math.min(1, balance / denominator));
  }
  return { value: settleCorrelation(value, options), n, missing };
}
