import assert from "node:assert/strict";
import { cumulativeHypervolume } from "../../lib/metrics/cumulative_hypervolume.ts";
import { seededRandom } from "../../lib/random.ts";
import { gridHypervolume } from "./_helpers.ts";

Deno.test("cumulativeHypervolume is the hypervolume of the archive {v_0..v_s} at each step", () => {
  const random = seededRandom("cumulative-hvi");
  // 13 steps of 4 run-averaged Spearman values around 0.2–0.37, as in the paper's Table 1.
  const steps = Array.from(
    { length: 13 },
    () => [0, 0, 0, 0].map(() => 0.2 + random.next() * 0.17),
  );
  const reference = [-1, -1, -1, -1];
  const series = cumulativeHypervolume(steps, reference);
  assert.equal(series.length, 13);
  series.forEach((value, s) => {
    const exact = gridHypervolume(steps.slice(0, s + 1), reference);
    assert.ok(Math.abs(value - exact) < 1e-9, `step ${s}: ${value} vs ${exact}`);
    if (s > 0) assert.ok(value >= series[s - 1], `decreased at step ${s}`);
  });
  const initial = steps[0].reduce((prod, rho) => prod * (1 + rho), 1);
  assert.ok(Math.abs(series[0] - initial) < 1e-12, "step 0 is Π(1 + ρ_t)");
});

Deno.test("cumulativeHypervolume stays flat when later steps are dominated", () => {
  const series = cumulativeHypervolume([[0.3, 0.3], [0.1, 0.2], [0.3, 0.3], [-1, 0.9]], [-1, -1]);
  // [-1, 0.9] is not strictly better than the reference in its first coordinate: it adds nothing.
  assert.equal(series.length, 4);
  for (const value of series) assert.ok(Math.abs(value - 1.3 * 1.3) < 1e-12, `${value}`);
  assert.ok(
    series.every((value) => value === series[0]),
    "bit-identical when the archive is unchanged",
  );
});

Deno.test("cumulativeHypervolume supports minimised MAE vectors with the scale width as reference", () => {
  const series = cumulativeHypervolume([[1.5, 1], [1, 1.5]], [4, 4], { direction: "min" });
  assert.deepEqual(series, [2.5 * 3, 2.5 * 3 + 0.5 * 2.5]);
});
