import assert from "node:assert/strict";
import { splitExamples } from "../../lib/data/splits.ts";
import { numpyPermutation } from "../../lib/data/mt19937.ts";
import { expertIndexOf, summevalExamples } from "../../lib/data/summeval_examples.ts";
import type { SummEvalItem } from "../../lib/data/summeval.ts";

const rows = Array.from({ length: 20 }, (_, i) => ({ id: `r${i}`, group: `g${i % 5}` }));

Deno.test("row splits are numpy-permutation slices: train first, then test", () => {
  const p = numpyPermutation(3, 20);
  const split = splitExamples(rows, { seed: 3, train: 4, test: 6 });
  assert.deepEqual(split.train.map((r) => r.id), p.slice(0, 4).map((i) => `r${i}`));
  assert.deepEqual(split.test.map((r) => r.id), p.slice(4, 10).map((i) => `r${i}`));
  assert.deepEqual(split.validation, []);
});

Deno.test("validation from the rest skips rows whose group is in train", () => {
  const split = splitExamples(rows, {
    seed: 1,
    train: 2,
    test: 3,
    validation: { from: "rest", size: 4 },
  });
  const trainGroups = new Set(split.train.map((r) => r.group));
  const taken = new Set([...split.train, ...split.test].map((r) => r.id));
  assert.equal(split.validation.length, 4);
  for (const row of split.validation) {
    assert.ok(!trainGroups.has(row.group) && !taken.has(row.id));
  }
  assert.throws(
    () => splitExamples(rows, { train: 2, test: 3, validation: { from: "rest", size: 15 } }),
    RangeError,
  );
});

Deno.test("validation from train is the tail of a seeded shuffle, optionally reshuffled", () => {
  const split = splitExamples(rows, {
    train: 10,
    test: 0,
    validation: { from: "train", size: 3, seed: 42, reshuffleSeed: 1 },
  });
  const tail = numpyPermutation(42, 10).slice(-3).map((i) => split.train[i]);
  const expected = numpyPermutation(1, 3).map((i) => tail[i]);
  assert.deepEqual(split.validation, expected);
});

Deno.test("sizes beyond the data are a RangeError, not a short split", () => {
  assert.throws(() => splitExamples(rows, { train: 15, test: 6 }), RangeError);
  assert.throws(() => splitExamples(rows, { unit: "group", train: 4, test: 2 }), RangeError);
});

Deno.test("summevalExamples: per-expert ids and labels, mean and median rules", () => {
  const r = (a: number, b: number, c: number): [number, number, number] => [a, b, c];
  const item: SummEvalItem = {
    id: "d/M1",
    docId: "d",
    systemId: "M1",
    source: "S",
    summary: "s",
    references: [],
    expert: {
      fluency: r(5, 4, 1),
      relevance: r(3, 3, 2),
      coherence: r(2, 4, 4),
      consistency: r(5, 5, 5),
    },
    scores: { fluency: 10 / 3, relevance: 8 / 3, coherence: 10 / 3, consistency: 5 },
  };
  const single = summevalExamples([item]);
  assert.deepEqual(single.map((x) => x.id), ["d/M1#e0", "d/M1#e1", "d/M1#e2"]);
  assert.deepEqual(single.map((x) => x.labels.fluency), [5, 4, 1]);
  assert.deepEqual(single.map((x) => expertIndexOf(x.id)), [0, 1, 2]);
  assert.deepEqual(Object.keys(single[0].labels), [
    "fluency",
    "relevance",
    "coherence",
    "consistency",
  ]);
  const [mean] = summevalExamples([item], { labels: "mean" });
  assert.equal(mean.id, "d/M1");
  assert.equal(mean.labels.fluency, 10 / 3);
  assert.equal(summevalExamples([item], { labels: "median" })[0].labels.fluency, 4);
  assert.equal(summevalExamples([item], { labels: "mean", perExpert: true }).length, 3);
  assert.deepEqual(single[0].inputs, { summary: "s", source: "S" });
  assert.equal(single[0].group, "d");
});
