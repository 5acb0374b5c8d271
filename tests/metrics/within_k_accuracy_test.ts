import assert from "node:assert/strict";
import { exactAccuracy } from "../../lib/metrics/exact_accuracy.ts";
import { meanAbsoluteError } from "../../lib/metrics/mean_absolute_error.ts";
import { offByOneAccuracy } from "../../lib/metrics/off_by_one_accuracy.ts";
import { withinKAccuracy } from "../../lib/metrics/within_k_accuracy.ts";

const PREDICTIONS = [1, 2, 5, 3, null, 4];
const LABELS = [1, 4, 4, 5, 2, 1];

Deno.test("withinKAccuracy counts |pred − gt| ≤ k over usable pairs only", () => {
  // distances: 0, 2, 1, 2, (missing), 3
  assert.deepEqual(withinKAccuracy(PREDICTIONS, LABELS, 0), { value: 1 / 5, n: 5, missing: 1 });
  assert.equal(withinKAccuracy(PREDICTIONS, LABELS, 1).value, 2 / 5);
  assert.equal(withinKAccuracy(PREDICTIONS, LABELS, 2).value, 4 / 5);
  assert.equal(withinKAccuracy(PREDICTIONS, LABELS, 3).value, 1);
});

Deno.test("offByOneAccuracy and exactAccuracy are withinKAccuracy with k = 1 and k = 0", () => {
  assert.deepEqual(offByOneAccuracy(PREDICTIONS, LABELS), withinKAccuracy(PREDICTIONS, LABELS, 1));
  assert.deepEqual(exactAccuracy(PREDICTIONS, LABELS), withinKAccuracy(PREDICTIONS, LABELS, 0));
});

Deno.test("accuracies compare numbers, not their spelling, and survive float rounding", () => {
  assert.equal(exactAccuracy([4.0, 0.1 + 0.2], [4, 0.3]).value, 1);
  assert.equal(offByOneAccuracy([1.1], [0.1]).value, 1); // 1.1 − 0.1 = 1.0000000000000002
  assert.equal(offByOneAccuracy([4], [2.6666666666666665]).value, 0);
});

Deno.test("accuracies are NaN, not 0 or 1, with no usable pair", () => {
  assert.ok(Number.isNaN(offByOneAccuracy([null, undefined], [1, 2]).value));
  assert.ok(Number.isNaN(exactAccuracy([], []).value));
});

Deno.test("withinKAccuracy rejects a negative or non-finite k", () => {
  assert.throws(() => withinKAccuracy([1], [1], -1), RangeError);
  assert.throws(() => withinKAccuracy([1], [1], NaN), RangeError);
});

Deno.test("meanAbsoluteError averages |pred − gt| over usable pairs and is NaN when none", () => {
  assert.deepEqual(meanAbsoluteError(PREDICTIONS, LABELS), { value: 8 / 5, n: 5, missing: 1 });
  assert.deepEqual(meanAbsoluteError([null], [3]), { value: NaN, n: 0, missing: 1 });
  assert.throws(() => meanAbsoluteError([1, 2], [1]), RangeError);
});
