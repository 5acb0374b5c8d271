import assert from "node:assert/strict";
import { join } from "node:path";
import {
  loadSummEval,
  SUMMEVAL_CRITERIA,
  SUMMEVAL_SHA256,
  SUMMEVAL_SPEC,
  toPairedOrder,
} from "../../lib/data/summeval.ts";
import { summevalExamples } from "../../lib/data/summeval_examples.ts";
import { DataError } from "../../lib/data/data_error.ts";
import { DatasetSpecSchema } from "../../lib/data/types.ts";
import { noTestData, testDataDir } from "../_data_dir.ts";

const tiny =
  new URL("../fixtures/data/expected/summeval/summeval.synthetic.jsonl", import.meta.url).pathname;
const dataDir = testDataDir;

/** Writes the tiny fixture with line `line` (1-based) rewritten by `edit`. */
async function corrupt(line: number, edit: (text: string) => string): Promise<string> {
  const lines = (await Deno.readTextFile(tiny)).split("\n");
  lines[line - 1] = edit(lines[line - 1]);
  const path = join(await Deno.makeTempDir(), "summeval.jsonl");
  await Deno.writeTextFile(path, lines.join("\n"));
  return path;
}

const editRow = (f: (row: Record<string, unknown>) => void) => (text: string) => {
  const row = JSON.parse(text);
  f(row);
  return JSON.stringify(row);
};

async function assertDataError(path: string, line: number | undefined, field: string | undefined) {
  await assert.rejects(
    () => loadSummEval({ path, sha256: false }),
    (error: unknown) => {
      assert.ok(error instanceof DataError, String(error));
      assert.equal(error.file, path);
      assert.equal(error.line, line);
      assert.equal(error.field, field);
      const prefix = field === undefined ? `${path}:${line}: ` : `${path}:${line}: ${field}: `;
      assert.ok(error.message.startsWith(prefix), error.message);
      return true;
    },
  );
}

Deno.test("the SummEval spec is valid data in the paper's order", () => {
  assert.ok(DatasetSpecSchema.safeParse(SUMMEVAL_SPEC).success);
  assert.deepEqual(SUMMEVAL_SPEC.criteria.map((c) => c.name), [...SUMMEVAL_CRITERIA]);
  assert.deepEqual(SUMMEVAL_SPEC.criteria.map((c) => c.scale), Array(4).fill({ min: 1, max: 5 }));
  assert.deepEqual(SUMMEVAL_SPEC.inputs.map((i) => i.label), ["Summary", "Source Text"]);
  assert.equal(SUMMEVAL_SPEC.seedInstruction, "Rate from {min} to {max}.");
});

Deno.test("loadSummEval reads a valid file into typed items", async () => {
  const items = await loadSummEval({ path: tiny, sha256: false });
  assert.equal(items.length, 6);
  const item = items[0];
  assert.equal(item.id, `${item.docId}/${item.systemId}`);
  assert.equal(item.references.length, 11);
  assert.equal(
    item.scores.coherence,
    (item.expert.coherence[0] + item.expert.coherence[1] +
      item.expert.coherence[2]) / 3,
  );
  assert.deepEqual(toPairedOrder(items).slice(0, 3).map((i) => i.systemId), ["M11", "M13", "M1"]);
});

Deno.test("loadSummEval verifies the canonical checksum by default", async () => {
  await assert.rejects(
    () => loadSummEval({ path: tiny }),
    (error: unknown) =>
      error instanceof DataError && error.file === tiny &&
      error.message.includes(SUMMEVAL_SHA256) &&
      /sha256 mismatch/.test(error.message),
  );
});

Deno.test("malformed rows, missing fields and out-of-scale scores give one clear error", async () => {
  await assertDataError(await corrupt(3, (t) => t.slice(0, 40)), 3, undefined);
  await assertDataError(await corrupt(2, editRow((r) => delete r.summary)), 2, "summary");
  await assertDataError(
    await corrupt(4, editRow((r) => ((r.expert as Record<string, number[]>).fluency[0] = 6))),
    4,
    "expert.fluency.0",
  );
  await assertDataError(
    await corrupt(1, editRow((r) => ((r.scores as Record<string, number>).coherence = 1))),
    1,
    "scores.coherence",
  );
  await assertDataError(await corrupt(5, editRow((r) => (r.id = "x/M1"))), 5, "id");
  const lines = (await Deno.readTextFile(tiny)).split("\n");
  const duplicate = join(await Deno.makeTempDir(), "dup.jsonl");
  await Deno.writeTextFile(duplicate, [lines[0], lines[1], lines[0]].join("\n"));
  await assertDataError(duplicate, 3, "id");
});

Deno.test("a missing dataset tells the user to run deno task data", async () => {
  const empty = await Deno.makeTempDir();
  await assert.rejects(
    () => loadSummEval({ dataDir: empty, projectDataDir: empty }),
    (error: unknown) =>
      error instanceof DataError && /deno task data/.test(error.message) &&
      error.message.includes(join(empty, "summeval/summeval.jsonl")),
  );
});

Deno.test({
  name: "the shared SummEval file loads: 1600 items, 100 documents, 16 systems",
  ignore: noTestData,
  async fn() {
    const items = await loadSummEval({ dataDir });
    assert.equal(items.length, 1600);
    assert.equal(new Set(items.map((i) => i.docId)).size, 100);
    assert.equal(new Set(items.map((i) => i.systemId)).size, 16);
    const average = (c: "coherence" | "relevance") =>
      items.reduce((sum, i) => sum + i.scores[c], 0) / items.length;
    assert.equal(average("coherence").toFixed(3), "3.413");
    assert.equal(average("relevance").toFixed(3), "3.777");
    assert.equal(summevalExamples(items).length, 4800);
    assert.equal(summevalExamples(items, { labels: "mean" }).length, 1600);
  },
});
