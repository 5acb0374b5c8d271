/**
 * Metrics: rank correlations, error and accuracy measures (per criterion and averaged), the
 * hypervolume indicator with the paper's cumulative Pareto archive, and seeded bootstrap
 * confidence intervals.
 *
 * Every metric drops pairs whose prediction or label is missing or not finite and reports how
 * many it used (`n`) and dropped (`missing`); nothing missing is ever scored as 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { criterionMetrics, cumulativeHypervolume } from "./mod.ts";
 * const report = criterionMetrics(
 *   { fluency: [1, 2, 3, null], relevance: [2, 2, 3, 1] },
 *   { fluency: [1, 3, 3, 2], relevance: [1, 2, 3, 1] },
 *   { metrics: ["spearman", "offByOne"] },
 * );
 * assert(report.perCriterion.fluency.spearman?.missing === 1);
 * const hvi = cumulativeHypervolume([[0.2, 0.3], [0.3, 0.2]], [-1, -1]);
 * assert(hvi[1] >= hvi[0]);
 * ```
 *
 * @module
 */
export type {
  BootstrapInterval,
  BootstrapOptions,
  CorrelationOptions,
  Direction,
  MaybeNumber,
  MetricResult,
  ScaleRange,
  UndefinedCorrelation,
} from "./types.ts";
/** Re-exported because {@linkcode BootstrapOptions} takes one. */
export type { RandomSource } from "../random.ts";
export { type AlignedPairs, alignedPairs } from "./aligned_pairs.ts";
export { midranks } from "./midranks.ts";
export { spearman } from "./spearman.ts";
export { kendallTauB } from "./kendall_tau_b.ts";
export { meanAbsoluteError } from "./mean_absolute_error.ts";
export { withinKAccuracy } from "./within_k_accuracy.ts";
export { offByOneAccuracy } from "./off_by_one_accuracy.ts";
export { exactAccuracy } from "./exact_accuracy.ts";
export { type MetricName, METRICS, type MetricSpec } from "./registry.ts";
export {
  type CriterionAverage,
  criterionMetrics,
  type CriterionMetricsOptions,
  type CriterionMetricsReport,
} from "./criterion_metrics.ts";
export { nonDominated, type NonDominatedOptions } from "./non_dominated.ts";
export { hypervolume, type HypervolumeOptions } from "./hypervolume.ts";
export {
  cumulativeHypervolume,
  type CumulativeHypervolumeOptions,
} from "./cumulative_hypervolume.ts";
export {
  bootstrapMeanDifference,
  type MeanDifferenceBootstrapOptions,
} from "./bootstrap_mean_difference.ts";
export { bootstrapStratified } from "./bootstrap_stratified.ts";
export {
  bootstrapSpearman,
  type SpearmanBootstrapOptions,
  type SpearmanInterval,
} from "./bootstrap_spearman.ts";
