import assert from "node:assert/strict";
import { bootstrapMeanDifference } from "../../lib/metrics/bootstrap_mean_difference.ts";
import { seededRandom } from "../../lib/random.ts";

const A = [0.31, 0.28, 0.35, 0.33, 0.29, 0.36, 0.3, 0.34];
const B = [0.22, 0.27, 0.2, 0.25, 0.24, 0.21, 0.26, 0.23];

Deno.test("bootstrapMeanDifference gives the same interval for the same seed", () => {
  const run = (seed: number) =>
    bootstrapMeanDifference(A, B, { random: seededRandom(seed), resamples: 500 });
  assert.deepEqual(run(3), run(3));
  assert.notDeepEqual(run(3), run(4));
});

Deno.test("bootstrapMeanDifference covers the estimate and excludes 0 for a clear gain", () => {
  const ci = bootstrapMeanDifference(A, B, { random: seededRandom(1), resamples: 1000 });
  const estimate = A.reduce((s, v) => s + v, 0) / A.length -
    B.reduce((s, v) => s + v, 0) / B.length;
  assert.ok(Math.abs(ci.estimate - estimate) < 1e-12);
  assert.ok(ci.low <= ci.estimate && ci.estimate <= ci.high, JSON.stringify(ci));
  assert.ok(ci.low > 0, JSON.stringify(ci));
  assert.deepEqual([ci.resamples, ci.confidence], [1000, 0.95]);
});

Deno.test("bootstrapMeanDifference: a constant paired shift has a zero-width interval", () => {
  const shifted = A.map((v) => v - 0.5);
  const ci = bootstrapMeanDifference(A, shifted, {
    random: seededRandom(2),
    resamples: 200,
    paired: true,
  });
  for (const bound of [ci.estimate, ci.low, ci.high]) assert.ok(Math.abs(bound - 0.5) < 1e-12);
  // Unpaired resampling of the same data spreads around the same difference.
  const unpaired = bootstrapMeanDifference(A, shifted, { random: seededRandom(2), resamples: 200 });
  assert.ok(unpaired.low < 0.5 && unpaired.high > 0.5);
});

Deno.test("bootstrapMeanDifference: a wider confidence gives a wider interval", () => {
  const at = (confidence: number) =>
    bootstrapMeanDifference(A, B, { random: seededRandom(9), resamples: 800, confidence });
  const narrow = at(0.5);
  const wide = at(0.99);
  assert.ok(wide.low < narrow.low && wide.high > narrow.high);
});

Deno.test("bootstrapMeanDifference rejects bad input instead of guessing", () => {
  const random = seededRandom(0);
  assert.throws(() => bootstrapMeanDifference([], B, { random }), RangeError);
  assert.throws(() => bootstrapMeanDifference([NaN, 1], B, { random }), RangeError);
  assert.throws(() => bootstrapMeanDifference(A, [1, 2], { random, paired: true }), RangeError);
  assert.throws(() => bootstrapMeanDifference(A, B, { random, resamples: 0 }), RangeError);
  assert.throws(() => bootstrapMeanDifference(A, B, { random, confidence: 1 }), RangeError);
});
