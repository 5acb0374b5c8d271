import assert from "node:assert/strict";
import { alignedPairs } from "../../lib/metrics/aligned_pairs.ts";

Deno.test("alignedPairs drops null, undefined, NaN and infinite values on either side", () => {
  const pairs = alignedPairs([1, null, undefined, NaN, Infinity, 2, 3], [1, 1, 1, 1, 1, NaN, 4]);
  assert.deepEqual(pairs, { predictions: [1, 3], labels: [1, 4], missing: 5 });
});

Deno.test("alignedPairs keeps zero predictions (0 is a value, not a missing one)", () => {
  assert.deepEqual(alignedPairs([0, -0.5], [0, 1]).missing, 0);
});

Deno.test("alignedPairs throws RangeError on a length mismatch", () => {
  assert.throws(() => alignedPairs([1, 2], [1]), RangeError);
});
