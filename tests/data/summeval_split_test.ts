import assert from "node:assert/strict";
import { join } from "node:path";
import { loadSummEval } from "../../lib/data/summeval.ts";
import { expertIndexOf } from "../../lib/data/summeval_examples.ts";
import { summevalSplit } from "../../lib/data/summeval_split.ts";
import {
  DOCUMENT_SPLIT,
  PAPER_DISJOINT_SPLIT,
  PAPER_RUN_SPLIT,
  PAPER_SPLIT,
} from "../../lib/data/splits.ts";
import { numpySample } from "../../lib/data/mt19937.ts";
import type { Example } from "../../lib/data/types.ts";
import { noSplitFiles, testDataDir } from "../_data_dir.ts";

const dataDir = testDataDir;
const ignore = noSplitFiles;

interface PaperRow {
  id: string;
  labels: Record<string, number>;
  expert_index: number;
}

async function fixtures() {
  const items = await loadSummEval({ dataDir });
  const paper: { train: PaperRow[]; test: PaperRow[] } = JSON.parse(
    await Deno.readTextFile(join(dataDir!, "summeval/splits/wgc-paper.json")),
  );
  return { items, paper };
}

function assertSameRows(actual: Example[], expected: PaperRow[], name: string) {
  assert.equal(actual.length, expected.length, `${name} size`);
  expected.forEach((want, j) => {
    const got = actual[j];
    assert.equal(got.itemId, want.id, `${name}[${j}] item`);
    assert.equal(expertIndexOf(got.id), want.expert_index, `${name}[${j}] expert`);
    assert.equal(got.id, `${want.id}#e${want.expert_index}`, `${name}[${j}] id`);
    assert.deepEqual(got.labels, want.labels, `${name}[${j}] labels`);
    assert.equal(got.group, want.id.split("/")[0], `${name}[${j}] group`);
  });
}

Deno.test({
  name: "PAPER_SPLIT reproduces the paper's 160/480 rows id-for-id, label-for-label, expert index",
  ignore,
  async fn() {
    const { items, paper } = await fixtures();
    const split = summevalSplit(items, PAPER_SPLIT);
    assertSameRows(split.train, paper.train, "train");
    assertSameRows(split.test, paper.test, "test");
    assert.equal(split.validation.length, 0);
    // Inputs carry the item's texts, so a judge sees the right summary and source.
    const byId = new Map(items.map((item) => [item.id, item]));
    const first = split.train[0];
    assert.equal(first.inputs.summary, byId.get(first.itemId)!.summary);
    assert.equal(first.inputs.source, byId.get(first.itemId)!.source);
  },
});

Deno.test({
  name: "the paper split does not depend on the order the items are given in",
  ignore,
  async fn() {
    const { items, paper } = await fixtures();
    const split = summevalSplit(numpySample(7, items), PAPER_SPLIT);
    assertSameRows(split.test, paper.test, "test");
  },
});

Deno.test({
  name: "PAPER_RUN_SPLIT applies the WGC loader reshuffle and the paper's validation rows",
  ignore,
  async fn() {
    const { items, paper } = await fixtures();
    const order: { loader_train: number[]; loader_test: number[]; validation: number[] } = JSON
      .parse(
        await Deno.readTextFile(new URL("../fixtures/data/paper_run_order.json", import.meta.url)),
      );
    const split = summevalSplit(items, PAPER_RUN_SPLIT);
    assertSameRows(split.train, order.loader_train.map((i) => paper.train[i]), "loader train");
    assertSameRows(split.test, order.loader_test.map((i) => paper.test[i]), "loader test");
    assertSameRows(split.validation, order.validation.map((i) => paper.train[i]), "validation");
  },
});

Deno.test({
  name: "PAPER_DISJOINT_SPLIT keeps train/test and draws 100 validation rows from unseen documents",
  ignore,
  async fn() {
    const { items, paper } = await fixtures();
    const split = summevalSplit(items, PAPER_DISJOINT_SPLIT);
    assertSameRows(split.train, paper.train, "train");
    assert.equal(split.validation.length, 100);
    const trainDocs = new Set(split.train.map((row) => row.group));
    const trainItems = new Set(split.train.map((row) => row.itemId));
    const used = new Set([...split.train, ...split.test].map((row) => row.id));
    for (const row of split.validation) {
      assert.ok(!trainDocs.has(row.group), `${row.id} shares a document with train`);
      assert.ok(!trainItems.has(row.itemId));
      assert.ok(!used.has(row.id), `${row.id} is already in train or test`);
    }
  },
});

Deno.test({
  name: "DOCUMENT_SPLIT with mean labels puts every document in exactly one split",
  ignore,
  async fn() {
    const { items } = await fixtures();
    const split = summevalSplit(items, { ...DOCUMENT_SPLIT, labels: "mean" });
    assert.deepEqual(
      [split.train.length, split.validation.length, split.test.length],
      [160, 160, 480],
    );
    const docs = [split.train, split.validation, split.test].map((rows) =>
      new Set(rows.map((r) => r.group))
    );
    assert.deepEqual(docs.map((d) => d.size), [10, 10, 30]);
    for (const [a, b] of [[0, 1], [0, 2], [1, 2]]) {
      assert.ok(![...docs[a]].some((doc) => docs[b].has(doc)), `splits ${a} and ${b} share a doc`);
    }
    const item = items.find((i) => i.id === split.train[0].itemId)!;
    assert.equal(split.train[0].labels.coherence, item.scores.coherence);
    assert.equal(split.train[0].id, item.id);
    const again = summevalSplit(items, { ...DOCUMENT_SPLIT, labels: "mean" });
    assert.deepEqual(again.test.map((r) => r.id), split.test.map((r) => r.id));
    const other = summevalSplit(items, { ...DOCUMENT_SPLIT, labels: "mean", seed: 1 });
    assert.notDeepEqual(other.test.map((r) => r.id), split.test.map((r) => r.id));
  },
});

Deno.test({
  name: "aggregated labels on the paper's rows keep the same rows",
  ignore,
  async fn() {
    const { items, paper } = await fixtures();
    const split = summevalSplit(items, { ...PAPER_SPLIT, labels: "median", perExpert: true });
    assert.deepEqual(
      split.train.map((r) => r.id),
      paper.train.map((r) => `${r.id}#e${r.expert_index}`),
    );
    const item = items.find((i) => i.id === paper.train[0].id)!;
    const median = [...item.expert.relevance].sort((a, b) => a - b)[1];
    assert.equal(split.train[0].labels.relevance, median);
  },
});
