import { type MetricName, METRICS } from "./registry.ts";
import type { CorrelationOptions, MaybeNumber, MetricResult } from "./types.ts";

/** Options of {@linkcode criterionMetrics}. */
export interface CriterionMetricsOptions extends CorrelationOptions {
  /** Metrics to compute, by registry name. Default: every metric of {@linkcode METRICS}. */
  metrics?: readonly MetricName[];
  /** Criteria to score, in order. Default: the keys of `labels`. */
  criteria?: readonly string[];
  /**
   * How an undefined (`NaN`) criterion value enters the average over criteria:
   * `"propagate"` (default) makes the average `NaN`; `"skip"` averages the defined values only
   * (and is `NaN` when none is defined). With `constant: "zero"` correlations are never `NaN`, so
   * the average includes the paper's zeros.
   */
  nanInAverage?: "propagate" | "skip";
}

/** The average of one metric over criteria. */
export interface CriterionAverage {
  /** Mean over the criteria counted, or `NaN`. */
  value: number;
  /** Criteria that entered the mean. */
  criteria: number;
}

/** Per-criterion metrics and their averages, see {@linkcode criterionMetrics}. */
export interface CriterionMetricsReport {
  /** `perCriterion[criterion][metric]`: the metric on that criterion's pairs. */
  perCriterion: Record<string, Partial<Record<MetricName, MetricResult>>>;
  /** `average[metric]`: the unweighted mean over criteria (the paper's "avg" column). */
  average: Partial<Record<MetricName, CriterionAverage>>;
}

/**
 * Computes metrics per criterion and their unweighted average over criteria, as in the paper's
 * main table (`avg = mean over the tasks of ρ_task`). Each criterion keeps its own `n` and
 * `missing`, so a judge that fails on one criterion shows up there.
 *
 * @param predictions Judge scores per criterion; missing values are dropped and counted.
 * @param labels Gold labels per criterion, aligned with `predictions`.
 * @param options Metrics, criteria, correlation policy and the average's `NaN` policy.
 * @returns Per-criterion results and averages.
 * @throws {RangeError} When a criterion lacks predictions or labels, vectors differ in length, or
 * a metric name is unknown.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { criterionMetrics } from "./criterion_metrics.ts";
 * const report = criterionMetrics(
 *   { fluency: [1, 2, 3], coherence: [3, 3, 3] },
 *   { fluency: [1, 2, 3], coherence: [1, 2, 3] },
 *   { metrics: ["spearman"], constant: "zero" },
 * );
 * assert(report.perCriterion.fluency.spearman?.value === 1);
 * assert(report.average.spearman?.value === 0.5);
 * ```
 */
export function criterionMetrics(
  predictions: Readonly<Record<string, readonly MaybeNumber[]>>,
  labels: Readonly<Record<string, readonly number[]>>,
  options: CriterionMetricsOptions = {},
): CriterionMetricsReport {
  const names = options.metrics ?? (Object.keys(METRICS) as MetricName[]);
  for (const name of names) {
    if (!Object.hasOwn(METRICS, name)) throw new RangeError(`unknown metric "${name}"`);
  }
  const criteria = options.criteria ?? Object.keys(labels);
  const report: CriterionMetricsReport = { perCriterion: {}, average: {} };
  for (const criterion of criteria) {
    const criterionPredictions = predictions[criterion];
    const criterionLabels = labels[criterion];
    if (!criterionPredictions || !criterionLabels) {
      const side = criterionPredictions ? "labels" : "predictions";
      throw new RangeError(`criterion "${criterion}" has no ${side}`);
    }
    const results: Partial<Record<MetricName, MetricResult>> = {};
    for (const name of names) {
      results[name] = METRICS[name].compute(criterionPredictions, criterionLabels, options);
    }
    report.perCriterion[criterion] = results;
  }
  for (const name of names) {
    const values = criteria.map((criterion) => report.perCriterion[criterion][name]!.value);
    report.average[name] = averageOf(values, options.nanInAverage ?? "propagate");
  }
  return report;
}

function averageOf(values: number[], policy: "propagate" | "skip"): CriterionAverage {
  const counted = policy === "skip" ? values.filter((v) => !Number.isNaN(v)) : values;
  if (counted.length === 0) return { value: NaN, criteria: 0 };
  return { value: counted.reduce((a, b) => a + b, 0) / counted.length, criteria: counted.length };
}
