import assert from "node:assert/strict";
import { criterionMetrics } from "../../lib/metrics/criterion_metrics.ts";
import { offByOneAccuracy } from "../../lib/metrics/off_by_one_accuracy.ts";
import { spearman } from "../../lib/metrics/spearman.ts";

const PREDICTIONS = {
  coherence: [1, 2, 3, 4, null],
  fluency: [3, 3, 3, 3, 3], // a constant judge: Spearman undefined
  relevance: [2, 1, 4, 3, 5],
};
const LABELS = {
  coherence: [1, 3, 2, 4, 5],
  fluency: [1, 2, 3, 4, 5],
  relevance: [1, 2, 3, 4, 5],
};

Deno.test("criterionMetrics gives each criterion its own metric, n and missing", () => {
  const report = criterionMetrics(PREDICTIONS, LABELS, { metrics: ["spearman", "offByOne"] });
  for (const criterion of Object.keys(LABELS) as (keyof typeof LABELS)[]) {
    const result = report.perCriterion[criterion];
    assert.deepEqual(result.spearman, spearman(PREDICTIONS[criterion], LABELS[criterion]));
    assert.deepEqual(result.offByOne, offByOneAccuracy(PREDICTIONS[criterion], LABELS[criterion]));
  }
  assert.equal(report.perCriterion.coherence.spearman?.n, 4);
  assert.equal(report.perCriterion.coherence.spearman?.missing, 1);
  assert.deepEqual(Object.keys(report.perCriterion.fluency), ["spearman", "offByOne"]);
});

Deno.test("criterionMetrics average is NaN by default when a criterion is NaN", () => {
  const report = criterionMetrics(PREDICTIONS, LABELS, { metrics: ["spearman", "offByOne"] });
  assert.ok(Number.isNaN(report.average.spearman?.value));
  const offByOne = (1 + 0.6 + 1) / 3; // coherence 4/4, fluency 3/5, relevance 5/5
  assert.ok(Math.abs(report.average.offByOne!.value - offByOne) < 1e-12);
  assert.equal(report.average.offByOne?.criteria, 3);
});

Deno.test("criterionMetrics can skip NaN criteria or average the paper's zeros", () => {
  const coherence = spearman(PREDICTIONS.coherence, LABELS.coherence).value; // 0.8
  const relevance = spearman(PREDICTIONS.relevance, LABELS.relevance).value; // 0.8
  const skip = criterionMetrics(PREDICTIONS, LABELS, {
    metrics: ["spearman"],
    nanInAverage: "skip",
  });
  assert.deepEqual(skip.average.spearman, { value: (coherence + relevance) / 2, criteria: 2 });
  const paper = criterionMetrics(PREDICTIONS, LABELS, { metrics: ["spearman"], constant: "zero" });
  assert.equal(paper.perCriterion.fluency.spearman?.value, 0);
  assert.deepEqual(paper.average.spearman, { value: (coherence + relevance) / 3, criteria: 3 });
});

Deno.test("criterionMetrics computes every registered metric by default, on chosen criteria", () => {
  const report = criterionMetrics(PREDICTIONS, LABELS, { criteria: ["relevance"] });
  assert.deepEqual(Object.keys(report.perCriterion), ["relevance"]);
  assert.deepEqual(Object.keys(report.average).sort(), [
    "accuracy",
    "kendall",
    "mae",
    "offByOne",
    "spearman",
  ]);
  assert.equal(report.average.mae?.value, 0.8); // |2-1| + |1-2| + |4-3| + |3-4| = 4 over 5
});

Deno.test("criterionMetrics rejects a criterion without predictions and unknown metrics", () => {
  assert.throws(
    () => criterionMetrics({ coherence: [1, 2, 3] }, { coherence: [1, 2, 3], fluency: [1, 2, 3] }),
    (error: Error) => error instanceof RangeError && error.message.includes('"fluency"'),
  );
  assert.throws(
    // @ts-expect-error: an unknown metric name, as it could come from a config file
    () => criterionMetrics(PREDICTIONS, LABELS, { metrics: ["pearson"] }),
    RangeError,
  );
});
