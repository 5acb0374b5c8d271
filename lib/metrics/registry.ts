import { exactAccuracy } from "./exact_accuracy.ts";
import { kendallTauB } from "./kendall_tau_b.ts";
import { meanAbsoluteError } from "./mean_absolute_error.ts";
import { offByOneAccuracy } from "./off_by_one_accuracy.ts";
import { spearman } from "./spearman.ts";
import type {
  CorrelationOptions,
  Direction,
  MaybeNumber,
  MetricResult,
  ScaleRange,
} from "./types.ts";

/** Names of the registered metrics (keys of {@linkcode METRICS}). */
export type MetricName = "spearman" | "kendall" | "mae" | "offByOne" | "accuracy";

/** A metric described as data: how to compute it, which way is better, and its worst value. */
export interface MetricSpec {
  /** Display name for tables and plots. */
  label: string;
  /** `"max"` when larger is better, `"min"` when smaller is better. */
  direction: Direction;
  /**
   * Computes the metric. Correlations honour `options.constant`; the other metrics ignore it.
   *
   * @param predictions Judge scores; missing values are dropped and counted.
   * @param labels Gold labels, one per prediction.
   * @param options Undefined-value policy of correlations.
   */
  compute(
    predictions: readonly MaybeNumber[],
    labels: readonly number[],
    options?: CorrelationOptions,
  ): MetricResult;
  /**
   * The theoretically worst value on a label scale: the hypervolume reference point
   * (Spearman −1, OffByOne 0, MAE `max − min`).
   *
   * @param scale The label scale of the criterion.
   */
  worst(scale: ScaleRange): number;
}

/**
 * The kit's metrics by name. Use it to pick metrics from a config, to orient objectives
 * (`direction`) and to build hypervolume reference points (`worst`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { METRICS } from "./registry.ts";
 * const scale = { min: 1, max: 5 };
 * assert(METRICS.spearman.worst(scale) === -1 && METRICS.mae.worst(scale) === 4);
 * assert(METRICS.mae.direction === "min");
 * assert(METRICS.offByOne.compute([1, 5], [2, 2]).value === 0.5);
 * ```
 */
export const METRICS: Readonly<Record<MetricName, MetricSpec>> = Object.freeze({
  spearman: {
    label: "Spearman ρ",
    direction: "max",
    compute: spearman,
    worst: () => -1,
  },
  kendall: {
    label: "Kendall τ-b",
    direction: "max",
    compute: kendallTauB,
    worst: () => -1,
  },
  mae: {
    label: "MAE",
    direction: "min",
    compute: (predictions, labels) => meanAbsoluteError(predictions, labels),
    worst: (scale) => scale.max - scale.min,
  },
  offByOne: {
    label: "Off-by-one accuracy",
    direction: "max",
    compute: (predictions, labels) => offByOneAccuracy(predictions, labels),
    worst: () => 0,
  },
  accuracy: {
    label: "Exact accuracy",
    direction: "max",
    compute: (predictions, labels) => exactAccuracy(predictions, labels),
    worst: () => 0,
  },
});
