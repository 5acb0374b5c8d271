import assert from "node:assert/strict";
import { kendallTauB } from "../../lib/metrics/kendall_tau_b.ts";
import { seededRandom } from "../../lib/random.ts";
import { permutation, randomScores } from "./_helpers.ts";

// Reference values computed at dev time with scipy 1.17.1 (`kendalltau(x, y)`, tau-b).
Deno.test("kendallTauB matches scipy's tau-b on heavily tied scores", () => {
  const tau = kendallTauB([3, 1, 4, 1, 5, 2, 2, 3, 5, 4, 1, 3], [
    2,
    1,
    3,
    3,
    5,
    1,
    2,
    2,
    4,
    5,
    1,
    4,
  ]);
  assert.ok(Math.abs(tau.value - 0.6666666666666666) < 1e-12, `got ${tau.value}`);
  assert.equal(tau.n, 12);
});

Deno.test("kendallTauB matches a hand count with ties on both sides", () => {
  // x = [1,1,1,2,2,3], y = [1,2,2,2,3,3]: 15 pairs; concordant 8, discordant 0;
  // tied in x: 3 + 1 = 4, tied in y: 3 + 1 = 4 → 8 / sqrt(11 · 11) = 8/11 (scipy: 0.72727…).
  const tau = kendallTauB([1, 1, 1, 2, 2, 3], [1, 2, 2, 2, 3, 3]);
  assert.ok(Math.abs(tau.value - 8 / 11) < 1e-12, `got ${tau.value}`);
});

Deno.test("kendallTauB matches scipy against mean-of-experts labels", () => {
  const labels = [13 / 3, 11 / 3, 5, 3, 7 / 3, 13 / 3, 14 / 3, 5 / 3, 3, 11 / 3];
  const tau = kendallTauB([4, 4, 5, 3, 2, 4, 5, 1, 3, 4], labels);
  assert.ok(Math.abs(tau.value - 0.938590635448906) < 1e-12, `got ${tau.value}`);
});

Deno.test("kendallTauB does not depend on the order of the pairs", () => {
  const random = seededRandom("kendall-order");
  const x = randomScores(random, 150, 1, 5);
  const y = randomScores(random, 150, 1, 5);
  const expected = kendallTauB(x, y).value;
  const order = permutation(random, x.length);
  const shuffled = kendallTauB(order.map((i) => x[i]), order.map((i) => y[i])).value;
  assert.ok(Math.abs(shuffled - expected) < 1e-12);
});

Deno.test("kendallTauB drops missing pairs and follows the NaN/zero policy", () => {
  assert.deepEqual(kendallTauB([1, null, 2, 3], [1, 1, 2, 3]), { value: 1, n: 3, missing: 1 });
  assert.ok(Number.isNaN(kendallTauB([2, 2, 2], [1, 2, 3]).value));
  assert.equal(kendallTauB([2, 2, 2], [1, 2, 3], { constant: "zero" }).value, 0);
  assert.equal(kendallTauB([1, 2], [2, 1], { constant: "zero" }).value, 0);
});
