import assert from "node:assert/strict";
import { hypervolume } from "../../lib/metrics/hypervolume.ts";
import { type RandomSource, seededRandom } from "../../lib/random.ts";
import { gridHypervolume, permutation, randomScores } from "./_helpers.ts";

const close = (actual: number, expected: number, message?: string) =>
  assert.ok(
    Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)),
    message ?? `${actual} vs ${expected}`,
  );

/** Random points in [-1, 1]^d; half of the sets are quantised to create ties and boundary hits. */
function randomFront(random: RandomSource, count: number, d: number, quantised: boolean) {
  return Array.from({ length: count }, () =>
    Array.from(
      { length: d },
      () => quantised ? randomScores(random, 1, -2, 4)[0] / 4 : random.next() * 2 - 1,
    ));
}

Deno.test("hypervolume in 1-D is the best value minus the reference", () => {
  assert.equal(hypervolume([[3], [5], [-1]], [0]), 5);
});

Deno.test("hypervolume of a 2-D staircase is its known area", () => {
  assert.equal(hypervolume([[1, 3], [2, 2], [3, 1]], [0, 0]), 6);
  assert.equal(hypervolume([[2, 1], [1, 2], [1, 1]], [0, 0]), 3); // [1,1] adds nothing
});

Deno.test("hypervolume counts only points strictly better than the reference everywhere", () => {
  assert.equal(hypervolume([[1, 0]], [0, 0]), 0);
  assert.equal(hypervolume([[0, 5], [2, 2]], [0, 0]), 4);
  assert.equal(hypervolume([], [0, 0, 0]), 0);
});

Deno.test("hypervolume of one Spearman vector with reference −1 is Π(1 + ρ_t)", () => {
  const rho = [0.21, 0.37, 0.3, 0.25];
  const expected = rho.reduce((prod, r) => prod * (1 + r), 1);
  close(hypervolume([rho], [-1, -1, -1, -1]), expected);
});

Deno.test("hypervolume minimises objectives marked 'min' (MAE) and mixes directions", () => {
  assert.equal(hypervolume([[1], [2]], [4], { direction: "min" }), 3);
  assert.equal(hypervolume([[1, 1], [2, 0.5]], [4, 4], { direction: "min" }), 3 * 3 + 2 * 0.5);
  // Spearman 0.5 (max, ref −1) and MAE 1 (min, ref 4): 1.5 × 3.
  assert.equal(hypervolume([[0.5, 1]], [-1, 4], { direction: ["max", "min"] }), 4.5);
  assert.throws(() => hypervolume([[1, 1]], [0, 0], { direction: ["max"] }), RangeError);
});

Deno.test("hypervolume equals a grid (cell) decomposition on random fronts in 2–5 dimensions", () => {
  const random = seededRandom("hypervolume-grid");
  const sizes: Record<number, number> = { 2: 25, 3: 14, 4: 9, 5: 7 };
  for (const d of [2, 3, 4, 5]) {
    for (let trial = 0; trial < 6; trial++) {
      const points = randomFront(random, sizes[d], d, trial % 2 === 1);
      const reference = new Array<number>(d).fill(-1);
      close(hypervolume(points, reference), gridHypervolume(points, reference), `d=${d} #${trial}`);
    }
  }
});

Deno.test("hypervolume is exact in 6 dimensions (the kit's stated limit)", () => {
  const random = seededRandom("hypervolume-6d");
  const points = randomFront(random, 6, 6, false);
  const reference = new Array<number>(6).fill(-1);
  close(hypervolume(points, reference), gridHypervolume(points, reference));
});

Deno.test("hypervolume ignores point order, duplicates and dominated points", () => {
  const random = seededRandom("hypervolume-invariance");
  const points = randomFront(random, 12, 4, false);
  const reference = [-1, -1, -1, -1];
  const expected = hypervolume(points, reference);
  const shuffled = permutation(random, points.length).map((i) => points[i]);
  close(hypervolume([...shuffled, ...points.slice(0, 3)], reference), expected);
  const dominated = points.map((p) => p.map((v) => (v + -1) / 2));
  close(hypervolume([...points, ...dominated], reference), expected);
});

Deno.test("hypervolume rejects ragged or non-finite vectors", () => {
  assert.throws(() => hypervolume([[1, 2, 3]], [0, 0]), RangeError);
  assert.throws(() => hypervolume([[NaN, 1]], [0, 0]), RangeError);
  assert.throws(() => hypervolume([[1, 1]], []), RangeError);
});
