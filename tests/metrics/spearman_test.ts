import assert from "node:assert/strict";
import { sampleRankCorrelation } from "simple-statistics";
import { midranks } from "../../lib/metrics/midranks.ts";
import { spearman } from "../../lib/metrics/spearman.ts";
import { seededRandom } from "../../lib/random.ts";
import { permutation, randomScores } from "./_helpers.ts";

// Reference values computed at dev time with scipy 1.17.1 (`spearmanr(x, y).statistic`).
const TIED_X = [3, 1, 4, 1, 5, 2, 2, 3, 5, 4, 1, 3];
const TIED_Y = [2, 1, 3, 3, 5, 1, 2, 2, 4, 5, 1, 4];
const MEAN_LABELS = [13 / 3, 11 / 3, 5, 3, 7 / 3, 13 / 3, 14 / 3, 5 / 3, 3, 11 / 3];
const JUDGE = [4, 4, 5, 3, 2, 4, 5, 1, 3, 4];

Deno.test("midranks averages the ranks of ties (scipy rankdata 'average')", () => {
  assert.deepEqual(midranks(TIED_X), [7, 2, 9.5, 2, 11.5, 4.5, 4.5, 7, 11.5, 9.5, 2, 7]);
});

Deno.test("spearman matches scipy on heavily tied integer scores", () => {
  const r = spearman(TIED_X, TIED_Y);
  assert.ok(Math.abs(r.value - 0.7709090909090909) < 1e-12, `got ${r.value}`);
  assert.deepEqual([r.n, r.missing], [12, 0]);
});

Deno.test("spearman matches scipy on ties on both sides of small vectors", () => {
  const r = spearman([1, 1, 1, 2, 2, 3], [1, 2, 2, 2, 3, 3]);
  assert.ok(Math.abs(r.value - 0.7833333333333334) < 1e-12, `got ${r.value}`);
});

Deno.test("spearman matches scipy against mean-of-experts labels", () => {
  const r = spearman(JUDGE, MEAN_LABELS);
  assert.ok(Math.abs(r.value - 0.97182531580755) < 1e-12, `got ${r.value}`);
});

Deno.test("spearman does not depend on the order of the pairs", () => {
  const random = seededRandom("spearman-order");
  const predictions = randomScores(random, 200, 1, 5);
  const labels = predictions.map((p) =>
    Math.min(5, Math.max(1, p + randomScores(random, 1, -1, 1)[0]))
  );
  const expected = spearman(predictions, labels).value;
  for (let trial = 0; trial < 5; trial++) {
    const order = permutation(random, predictions.length);
    const shuffled = spearman(order.map((i) => predictions[i]), order.map((i) => labels[i]));
    assert.ok(Math.abs(shuffled.value - expected) < 1e-12, `${shuffled.value} vs ${expected}`);
  }
});

Deno.test("spearman agrees with simple-statistics 7.12 sampleRankCorrelation (also midranks)", () => {
  const random = seededRandom(11);
  for (let trial = 0; trial < 20; trial++) {
    const x = randomScores(random, 30, 0, 3);
    const y = randomScores(random, 30, 0, 3);
    assert.ok(Math.abs(spearman(x, y).value - sampleRankCorrelation(x, y)) < 1e-12);
  }
});

Deno.test("spearman differs from Pearson on ordinal ranks when there are ties", () => {
  // Ordinal ranks (ties broken by position) are what a rank-by-sort implementation gives; on
  // tied data they change ρ, which is how a missing midrank step would show.
  const ordinal = (v: number[]) => {
    const ranks = new Array<number>(v.length);
    v.map((_, i) => i).sort((a, b) => v[a] - v[b] || a - b).forEach((i, r) => (ranks[i] = r + 1));
    return ranks;
  };
  const x = [1, 1, 1, 2, 2, 3];
  const y = [1, 2, 2, 2, 3, 3];
  assert.ok(Math.abs(spearman(ordinal(x), ordinal(y)).value - 1) < 1e-12); // wrong: ρ = 1
  assert.ok(Math.abs(spearman(x, y).value - 0.7833333333333334) < 1e-12); // scipy's value
});

Deno.test("spearman drops missing predictions and counts them instead of scoring 0", () => {
  const r = spearman([1, null, 2, NaN, 3, undefined], [1, 5, 2, 5, 3, 5]);
  assert.deepEqual(r, { value: 1, n: 3, missing: 3 });
});

Deno.test("spearman is NaN by default and 0 in paper mode when undefined", () => {
  const cases: [number[], number[]][] = [
    [[3, 3, 3, 3], [1, 2, 3, 4]], // constant judge
    [[1, 2, 3, 4], [2, 2, 2, 2]], // constant labels
    [[1, 2], [1, 2]], // fewer than 3 pairs
  ];
  for (const [x, y] of cases) {
    assert.ok(Number.isNaN(spearman(x, y).value));
    assert.equal(spearman(x, y, { constant: "zero" }).value, 0);
  }
  assert.equal(spearman([1, 2, 3], [3, 2, 1], { constant: "zero" }).value, -1);
});

Deno.test("spearman throws RangeError on a length mismatch", () => {
  assert.throws(() => spearman([1, 2, 3], [1, 2]), RangeError);
});
