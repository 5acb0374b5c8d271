import type { MaybeNumber } from "./types.ts";

/** The usable pairs of a prediction vector and a label vector, see {@linkcode alignedPairs}. */
export interface AlignedPairs {
  /** Predictions of the kept pairs, in input order. */
  predictions: number[];
  /** Labels of the kept pairs, aligned with `predictions`. */
  labels: number[];
  /** Pairs dropped because the prediction or the label was missing (`null`, `undefined`) or not finite. */
  missing: number;
}

/**
 * Keeps the pairs whose prediction and label are both finite numbers and counts the others.
 *
 * Every metric of this module starts here, so a missing prediction is never scored as 0: it is
 * dropped and reported in `missing`.
 *
 * @param predictions Judge scores; `null`, `undefined`, `NaN` and `±Infinity` count as missing.
 * @param labels Gold labels, one per prediction.
 * @returns The kept pairs and the number dropped.
 * @throws {RangeError} When the two vectors differ in length.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { alignedPairs } from "./aligned_pairs.ts";
 * const pairs = alignedPairs([4, null, 2, NaN], [5, 3, 2, 1]);
 * assert(pairs.predictions.join() === "4,2");
 * assert(pairs.labels.join() === "5,2");
 * assert(pairs.missing === 2);
 * ```
 */
export function alignedPairs(
  predictions: readonly MaybeNumber[],
  labels: readonly MaybeNumber[],
): AlignedPairs {
  if (predictions.length !== labels.length) {
    throw new RangeError(
      `predictions and labels differ in length (${predictions.length} vs ${labels.length})`,
    );
  }
  const kept: AlignedPairs = { predictions: [], labels: [], missing: 0 };
  for (let i = 0; i < predictions.length; i++) {
    const p = predictions[i];
    const l = labels[i];
    if (
      typeof p === "number" && Number.isFinite(p) && typeof l === "number" && Number.isFinite(l)
    ) {
      kept.predictions.push(p);
      kept.labels.push(l);
    } else {
      kept.missing++;
    }
  }
  return kept;
}
