import assert from "node:assert/strict";
import { bootstrapSpearman } from "../../lib/metrics/bootstrap_spearman.ts";
import { spearman } from "../../lib/metrics/spearman.ts";
import { seededRandom } from "../../lib/random.ts";
import { randomScores } from "./_helpers.ts";

const random = seededRandom("bootstrap-spearman-data");
const LABELS = randomScores(random, 120, 1, 5);
const PREDICTIONS = LABELS.map((
  l,
  i,
) => (i % 17 === 0 ? null : l + randomScores(random, 1, -1, 1)[0]));

Deno.test("bootstrapSpearman: same seed, same interval; the interval covers the estimate", () => {
  const run = () =>
    bootstrapSpearman(PREDICTIONS, LABELS, { random: seededRandom(5), resamples: 400 });
  const ci = run();
  assert.deepEqual(ci, run());
  assert.equal(ci.estimate, spearman(PREDICTIONS, LABELS).value);
  assert.ok(ci.low <= ci.estimate && ci.estimate <= ci.high, JSON.stringify(ci));
  assert.ok(ci.low > 0.5 && ci.high < 1, JSON.stringify(ci));
  assert.deepEqual([ci.n, ci.missing], [112, 8]);
});

Deno.test("bootstrapSpearman: a perfectly monotone judge has the interval [1, 1]", () => {
  const ci = bootstrapSpearman([1, 2, 3, 4, 5, 6], [10, 20, 30, 40, 50, 60], {
    random: seededRandom(6),
    resamples: 300,
  });
  assert.deepEqual([ci.estimate, ci.low, ci.high], [1, 1, 1]);
});

Deno.test("bootstrapSpearman leaves out undefined resamples unless paper mode scores them 0", () => {
  // With 3 pairs, about 1 resample in 9 repeats one pair three times: ρ is undefined there.
  const options = { random: seededRandom(7), resamples: 900 };
  const dropped = bootstrapSpearman([1, 2, 3], [1, 3, 2], options);
  assert.ok(dropped.resamples < 900 && dropped.resamples > 700, `${dropped.resamples}`);
  const paper = bootstrapSpearman([1, 2, 3], [1, 3, 2], {
    ...options,
    random: seededRandom(7),
    constant: "zero",
  });
  assert.equal(paper.resamples, 900);
});
