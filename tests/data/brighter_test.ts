import assert from "node:assert/strict";
import { join } from "node:path";
import {
  BRIGHTER_PAPER_RUN_SPLIT,
  BRIGHTER_PAPER_SPLIT,
  BRIGHTER_SPEC,
  brighterSplit,
  loadBrighter,
} from "../../lib/data/brighter.ts";
import { DataError } from "../../lib/data/data_error.ts";
import { noSplitFiles, testDataDir } from "../_data_dir.ts";

const dataDir = testDataDir;
const ignore = noSplitFiles;

interface PaperRow {
  id: string;
  labels: Record<string, number>;
}

async function load() {
  const files = {
    train: await loadBrighter("train", { dataDir }),
    dev: await loadBrighter("dev", { dataDir }),
    test: await loadBrighter("test", { dataDir }),
  };
  const paper: { train: PaperRow[]; test: PaperRow[] } = JSON.parse(
    await Deno.readTextFile(join(dataDir!, "brighter/splits/wgc-paper.json")),
  );
  return { files, paper };
}

Deno.test({
  name: "BRIGHTER loads the original release with verified checksums",
  ignore,
  async fn() {
    const { files } = await load();
    assert.deepEqual(
      [files.train.length, files.dev.length, files.test.length],
      [2768, 116, 2767],
    );
    assert.deepEqual(
      Object.keys(files.train[0].intensities),
      BRIGHTER_SPEC.criteria.map((c) => c.name),
    );
    const fearCounts = [0, 1, 2, 3].map((v) =>
      files.train.filter((r) => r.intensities.fear === v).length
    );
    assert.deepEqual(fearCounts, [1157, 857, 546, 208]);
  },
});

Deno.test({
  name: "BRIGHTER_PAPER_SPLIT reproduces the paper's parquet order row for row",
  ignore,
  async fn() {
    const { files, paper } = await load();
    const split = brighterSplit(files, BRIGHTER_PAPER_SPLIT);
    for (const name of ["train", "test"] as const) {
      assert.equal(split[name].length, paper[name].length);
      paper[name].forEach((want, j) => {
        assert.equal(split[name][j].id, want.id, `${name}[${j}]`);
        assert.deepEqual(split[name][j].labels, want.labels, `${name}[${j}] labels`);
      });
    }
  },
});

Deno.test({
  name:
    "BRIGHTER run order: loader reshuffle and the paper's validation rows; dev as disjoint validation",
  ignore,
  async fn() {
    const { files, paper } = await load();
    const order: { loader_train_first50: number[]; validation: number[] } = JSON.parse(
      await Deno.readTextFile(new URL("../fixtures/data/brighter_run_order.json", import.meta.url)),
    );
    const run = brighterSplit(files, BRIGHTER_PAPER_RUN_SPLIT);
    assert.deepEqual(
      run.train.slice(0, 50).map((r) => r.id),
      order.loader_train_first50.map((i) => paper.train[i].id),
    );
    assert.deepEqual(
      run.validation.map((r) => r.id),
      order.validation.map((i) => paper.train[i].id),
    );
    const dev = brighterSplit(files, { validation: "dev" });
    assert.equal(dev.validation.length, 116);
    assert.ok(dev.validation.every((r) => r.id.startsWith("eng_dev_")));
  },
});

Deno.test("BRIGHTER rejects an intensity outside 0-3 with file, line and field", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "eng_dev.jsonl");
  const ok =
    '{"id":"eng_dev_track_b_00001","text":"Yay","intensities":{"anger":0,"fear":0,"joy":3,"sadness":0,"surprise":1}}';
  await Deno.writeTextFile(path, `${ok}\n${ok.replace('"joy":3', '"joy":4')}\n`);
  await assert.rejects(
    () => loadBrighter("dev", { path, sha256: false }),
    (error: unknown) =>
      error instanceof DataError && error.file === path && error.line === 2 &&
      error.field === "intensities.joy",
  );
});
