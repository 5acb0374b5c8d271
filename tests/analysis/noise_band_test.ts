import assert from "node:assert/strict";
import { noiseBand } from "../../lib/analysis/noise_band.ts";
import type { NoiseRepeat } from "../../lib/experiment/diagnostic_rows.ts";

const repeat = (i: number, a: number, b: number): NoiseRepeat => ({
  repeat: i,
  predictions: [],
  metrics: { a: { spearman: a }, b: { spearman: b }, _average: { spearman: 99 } },
});

Deno.test("noise band: spread of the seed prompt's repeats and the HVI growth from noise alone", () => {
  // given out of order; _average is recomputed, not read
  const band = noiseBand([repeat(2, 0.2, 0.2), repeat(0, 0.3, 0.1), repeat(1, 0.1, 0.3)]);
  assert.equal(band.repeats, 3);
  assert.deepEqual(band.criteria, ["a", "b"]);
  assert.equal(band.perCriterion.a.min, 0.1);
  assert.equal(band.perCriterion.a.max, 0.3);
  assert.ok(Math.abs(band.average.mean - 0.2) < 1e-12);
  assert.ok(Math.abs(band.average.max - band.average.min) < 1e-12, "each repeat averages 0.2");
  // (1.3·1.1) = 1.43; adding (1.1·1.3) gives union 1.43 + 1.43 − 1.1·1.1 = 1.65;
  // (1.2·1.2) adds 0.01 more: 1.66.
  const expected = [1.43, 1.65, 1.66];
  band.hvi.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-9, `${v} vs ${expected[i]}`));
});

Deno.test("noise band: an undefined value is not scored", () => {
  const band = noiseBand([repeat(0, NaN, 0.4), repeat(1, 0.2, 0.2)]);
  assert.equal(band.perCriterion.a.n, 1);
  assert.equal(band.average.max, 0.4, "the mean of the defined criteria");
});
