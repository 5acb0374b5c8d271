import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { STORE_SCHEMA } from "../../lib/experiment/schema.ts";
import { ExperimentStore, runIdOf } from "../../lib/experiment/store.ts";
import type { StepRecord } from "../../lib/experiment/types.ts";
import type { Evaluation, JudgePrediction } from "../../lib/judge/mod.ts";
import type {
  NoiseRepeat,
  OracleCombinationRecord,
  RatingRow,
} from "../../lib/experiment/diagnostic_rows.ts";

const KEY = { algorithm: "textgrad" as const, mode: "Single", gate: "none", run: 1 };

function prediction(id: string, score: number | null): JudgePrediction {
  return {
    exampleId: id,
    scores: { fluency: score },
    literals: {},
    raw: `{"fluency": ${score}}`,
    attempts: 1,
    callKey: `k-${id}`,
    dryRun: true,
  };
}

function evaluation(value: number): Evaluation {
  return {
    predictions: [prediction("t1", 3), prediction("t2", null)],
    parseFailures: 1,
    metrics: { fluency: { spearman: { value, n: 3, missing: 1 } } },
    average: { spearman: value },
  };
}

function step(runId: string, n: number, fluency: string): StepRecord {
  return {
    runId,
    step: n,
    prompt: { instructions: { fluency }, showOutputFormat: true },
    renderedPrompt: "rendered",
    candidate: null,
    accepted: null,
    gate: null,
    gateState: {},
    optimizerState: null,
    batchIds: [],
    trainPredictions: [],
    stages: [],
    test: evaluation(0.1),
    validation: [],
    durationMs: 1,
  };
}

function rating(step: number, criterion: string, kind: RatingRow["kind"], value: number | null) {
  return {
    runId: "textgrad/SSS/mae/r1",
    step,
    criterion,
    kind,
    rating: value,
    prompt: `rate ${criterion}`,
    raw: value === null ? "no idea" : `${value}`,
    callKey: `key-${step}-${criterion}-${kind}`,
    dryRun: false,
  } satisfies RatingRow;
}

Deno.test("ratings are keyed by run, step, criterion and kind; a re-save replaces, null stays null", () => {
  const store = ExperimentStore.open(":memory:");
  store.saveRatings([
    rating(2, "fluency", "specificity", 7),
    rating(1, "fluency", "adherence", null),
    rating(1, "coherence", "specificity", 4),
  ]);
  store.saveRatings([{ ...rating(2, "fluency", "specificity", 9), raw: "9/10" }]);
  const all = store.ratings();
  assert.deepEqual(
    all.map((r) => [r.step, r.criterion, r.kind, r.rating]),
    [[1, "coherence", "specificity", 4], [1, "fluency", "adherence", null], [
      2,
      "fluency",
      "specificity",
      9,
    ]],
  );
  assert.equal(all[2].raw, "9/10");
  assert.deepEqual(all[1], rating(1, "fluency", "adherence", null));
  assert.equal(store.ratings({ kind: "adherence" }).length, 1);
  assert.equal(store.ratings({ runId: "other" }).length, 0);
  store.close();
});

Deno.test("noise repeats and oracle combinations round-trip, undefined metrics as NaN", () => {
  const store = ExperimentStore.open(":memory:");
  const repeat = (i: number): NoiseRepeat => ({
    repeat: i,
    metrics: { fluency: { spearman: i === 1 ? NaN : 0.2 * i }, _average: { spearman: 0.1 } },
    predictions: [prediction("t1", i)],
    dryRun: true,
  });
  store.saveNoiseRepeat(repeat(1));
  store.saveNoiseRepeat(repeat(0));
  const repeats = store.noiseRepeats();
  assert.deepEqual(repeats.map((r) => r.repeat), [0, 1]);
  assert.ok(Number.isNaN(repeats[1].metrics.fluency.spearman));
  assert.deepEqual(repeats[0], repeat(0));

  const oracle: OracleCombinationRecord = {
    gate: "none",
    selection: "validation",
    pickMetric: "spearman",
    picks: {
      fluency: { runId: "textgrad/Single/none/r1/fluency", step: 2, score: 0.4, instruction: "F" },
      coherence: { runId: null, step: 0, score: NaN, instruction: "seed" },
    },
    prompt: { instructions: { fluency: "F", coherence: "seed" }, showOutputFormat: true },
    metrics: { fluency: { spearman: 0.3 }, coherence: { spearman: NaN } },
    predictions: [prediction("t1", 4)],
  };
  store.saveOracleCombination(oracle);
  store.saveOracleCombination({ ...oracle, selection: "test" });
  const stored = store.oracleCombinations();
  assert.deepEqual(stored.map((r) => r.selection), ["test", "validation"]);
  assert.deepEqual(stored[1], oracle);
  store.close();
});

Deno.test("extra evaluations land in the metrics and predictions tables under their split", () => {
  const store = ExperimentStore.open(":memory:");
  const { runId } = store.ensureRun({ ...KEY, criterion: "fluency" }, 1);
  store.saveEvaluation(runId, 3, "val-post", evaluation(0.25));
  assert.deepEqual(
    store.stepMetrics(runId, { split: "val-post" }).map((m) => [m.step, m.criterion, m.value]),
    [[3, "_average", 0.25], [3, "fluency", 0.25]],
  );
  assert.deepEqual(store.predictions(runId, 3, "val-post"), evaluation(0.25).predictions);
  store.close();
});

Deno.test("instruction token lengths count every stored instruction under the named tokenizer", async () => {
  const store = ExperimentStore.open(":memory:");
  const runId = runIdOf({ ...KEY, criterion: "fluency" });
  store.ensureRun({ ...KEY, criterion: "fluency" }, 1);
  store.saveStep(step(runId, 0, "Hello, world!"));
  store.saveStep(step(runId, 1, "Hello, world! Hello, world!"));
  for (const tokenizer of ["o200k_base", "qwen3"] as const) {
    const lengths = await store.instructionTokenLengths({ tokenizer });
    assert.deepEqual(
      lengths.map((l) => [l.step, l.criterion, l.chars, l.words, l.tokens, l.tokenizer]),
      [[0, "fluency", 13, 2, 4, tokenizer], [1, "fluency", 27, 4, 8, tokenizer]],
    );
  }
  // Without a manifest the judge model is unknown: o200k_base.
  assert.equal((await store.instructionTokenLengths({ runId }))[0].tokenizer, "o200k_base");
  assert.equal((await store.instructionTokenLengths({ runId: "none" })).length, 0);
  store.close();
});

Deno.test("a store written before the diagnostics tables opens and gains them", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/experiment.sqlite`;
  const old = new DatabaseSync(path);
  old.exec(STORE_SCHEMA.split("-- Version 3")[0]);
  const tables = () =>
    (old.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
      .map((row) => row.name);
  assert.ok(!tables().includes("ratings"), "the fixture really lacks the diagnostics tables");
  old.close();
  const store = ExperimentStore.open(path);
  store.saveRatings([rating(1, "fluency", "specificity", 5)]);
  store.saveNoiseRepeat({ repeat: 0, metrics: {}, predictions: [] });
  assert.equal(store.ratings().length, 1);
  assert.equal(store.noiseRepeats().length, 1);
  assert.deepEqual(store.oracleCombinations(), []);
  store.close();
  await Deno.remove(dir, { recursive: true });
});
