import assert from "node:assert/strict";
import { kendallTauB } from "../../lib/metrics/kendall_tau_b.ts";
import { meanAbsoluteError } from "../../lib/metrics/mean_absolute_error.ts";
import { METRICS } from "../../lib/metrics/registry.ts";
import { spearman } from "../../lib/metrics/spearman.ts";

const SUMMEVAL = { min: 1, max: 5 };
const BRIGHTER = { min: 0, max: 3 };

Deno.test("METRICS names the paper's metrics with their direction", () => {
  assert.deepEqual(Object.keys(METRICS).sort(), [
    "accuracy",
    "kendall",
    "mae",
    "offByOne",
    "spearman",
  ]);
  const directions = Object.fromEntries(Object.entries(METRICS).map(([k, m]) => [k, m.direction]));
  assert.deepEqual(directions, {
    spearman: "max",
    kendall: "max",
    mae: "min",
    offByOne: "max",
    accuracy: "max",
  });
});

Deno.test("METRICS worst values are the paper's HVI reference points", () => {
  assert.equal(METRICS.spearman.worst(SUMMEVAL), -1);
  assert.equal(METRICS.kendall.worst(SUMMEVAL), -1);
  assert.equal(METRICS.offByOne.worst(SUMMEVAL), 0);
  assert.equal(METRICS.mae.worst(SUMMEVAL), 4); // the plot script's 4.0 for SummEval
  assert.equal(METRICS.mae.worst(BRIGHTER), 3); // and 3.0 for BRIGHTER
});

Deno.test("METRICS compute delegates to the metric functions, with the correlation policy", () => {
  const p = [1, 2, 2, null, 5];
  const l = [2, 2, 3, 1, 4];
  assert.deepEqual(METRICS.spearman.compute(p, l), spearman(p, l));
  assert.deepEqual(METRICS.kendall.compute(p, l), kendallTauB(p, l));
  assert.deepEqual(METRICS.mae.compute(p, l, { constant: "zero" }), meanAbsoluteError(p, l));
  assert.equal(METRICS.spearman.compute([2, 2, 2], [1, 2, 3], { constant: "zero" }).value, 0);
  assert.ok(Number.isNaN(METRICS.kendall.compute([2, 2, 2], [1, 2, 3]).value));
});

Deno.test("METRICS cannot be modified by a caller", () => {
  assert.throws(() => {
    (METRICS as Record<string, unknown>).spearman = null;
  }, TypeError);
});
