import assert from "node:assert/strict";
import { nonDominated } from "../../lib/metrics/non_dominated.ts";
import { seededRandom } from "../../lib/random.ts";
import { randomScores } from "./_helpers.ts";

Deno.test("nonDominated keeps exactly the vectors no other vector dominates", () => {
  const random = seededRandom("non-dominated");
  for (let trial = 0; trial < 20; trial++) {
    const points = Array.from({ length: 15 }, () => randomScores(random, 3, 0, 4));
    const front = nonDominated(points);
    const dominates = (a: number[], b: number[]) =>
      a.every((v, i) => v >= b[i]) && a.some((v, i) => v > b[i]);
    for (const point of points) {
      const isDominated = points.some((other) => dominates(other, point));
      const inFront = front.some((member) => member.every((v, i) => v === point[i]));
      assert.equal(inFront, !isDominated, `[${point}]`);
    }
    const keys = front.map((p) => p.join());
    assert.equal(new Set(keys).size, keys.length, "duplicates are kept once");
  }
});

Deno.test("nonDominated keeps the first copy of duplicates and the input order", () => {
  const a = [1, 2];
  const b = [1, 2];
  const front = nonDominated([[0, 0], a, [2, 1], b]);
  assert.equal(front.length, 2);
  assert.equal(front[0], a);
  assert.deepEqual(front[1], [2, 1]);
});

Deno.test("nonDominated honours minimised objectives", () => {
  const points = [[0.3, 1.2], [0.3, 0.9], [0.2, 0.8]]; // (Spearman max, MAE min)
  assert.deepEqual(nonDominated(points, { direction: ["max", "min"] }), [[0.3, 0.9], [0.2, 0.8]]);
  assert.deepEqual(nonDominated([], { direction: "min" }), []);
});
