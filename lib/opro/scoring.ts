/**
 * OPRO's numeric scores: a metric per criterion normalised to [0, 1], higher is better.
 *
 * @module
 */
import type { DatasetSpec } from "../data/types.ts";
import type { Evaluation } from "../judge/evaluate.ts";

/** Metrics OPRO can score with (paper: exact-match accuracy). */
export type OproMetric = "accuracy" | "offByOne" | "mae" | "spearman";

/** How a score is described to the optimizer. */
export const OPRO_METRIC_WORDING: Readonly<Record<OproMetric, string>> = Object.freeze({
  accuracy: "the share of examples where the judge's score equals the human rating",
  offByOne: "the share of examples where the judge's score is within one point of the human rating",
  mae: "one minus the judge's mean absolute error relative to the width of the scale",
  spearman: "the rank correlation between the judge's scores and the human ratings, rescaled",
});

/**
 * Normalised score per criterion: accuracy and off-by-one as is, MAE as `1 − mae / (max − min)`,
 * Spearman as `(ρ + 1) / 2`; `null` when the metric is undefined (no usable prediction).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalisedScores } from "./scoring.ts";
 * import { SUMMEVAL_SPEC } from "../data/summeval.ts";
 * const evaluation = { predictions: [], parseFailures: 0, average: {},
 *   metrics: { fluency: { mae: { value: 1, n: 3, missing: 0 } } } };
 * assert.ok(normalisedScores(SUMMEVAL_SPEC, evaluation, ["fluency"], "mae").fluency === 0.75);
 * ```
 */
export function normalisedScores(
  spec: DatasetSpec,
  evaluation: Evaluation,
  criteria: readonly string[],
  metric: OproMetric,
): Record<string, number | null> {
  const scores: Record<string, number | null> = {};
  for (const criterion of criteria) {
    const value = evaluation.metrics[criterion]?.[metric]?.value;
    if (value === undefined || !Number.isFinite(value)) {
      scores[criterion] = null;
      continue;
    }
    const scale = spec.criteria.find((c) => c.name === criterion)?.scale ?? { min: 0, max: 1 };
    scores[criterion] = metric === "mae"
      ? Math.max(0, 1 - value / (scale.max - scale.min))
      : metric === "spearman"
      ? (value + 1) / 2
      : value;
  }
  return scores;
}
