import assert from "node:assert/strict";
import { formatSummaryTable, summarizeExperiment } from "../../lib/experiment/summary.ts";
import { ExperimentStore } from "../../lib/experiment/store.ts";
import type { StepRecord } from "../../lib/experiment/types.ts";
import type { Evaluation } from "../../lib/judge/mod.ts";

function evaluation(values: Record<string, number>): Evaluation {
  return {
    predictions: [],
    parseFailures: 0,
    metrics: Object.fromEntries(
      Object.entries(values).map(([c, value]) => [c, { spearman: { value, n: 10, missing: 0 } }]),
    ),
    average: {},
  };
}

function step(
  runId: string,
  step: number,
  accepted: boolean | null,
  values: Record<string, number>,
): StepRecord {
  return {
    runId,
    step,
    prompt: { instructions: {}, showOutputFormat: true },
    renderedPrompt: "",
    candidate: null,
    accepted,
    gate: null,
    gateState: {},
    optimizerState: null,
    batchIds: [],
    trainPredictions: [],
    stages: [],
    test: evaluation(values),
    validation: [],
    durationMs: 0,
  };
}

Deno.test("summary averages criteria, then runs; picks the best step; counts accepted steps", () => {
  const store = ExperimentStore.open(":memory:");
  const key = { algorithm: "textgrad" as const, mode: "SSS", gate: "mae", criterion: null };
  const r1 = store.ensureRun({ ...key, run: 1 }, 1).runId;
  const r2 = store.ensureRun({ ...key, run: 2 }, 2).runId;
  store.saveStep(step(r1, 0, null, { a: 0.1, b: 0.3 })); // 0.2
  store.saveStep(step(r1, 1, true, { a: 0.5, b: 0.5 })); // 0.5
  store.saveStep(step(r1, 2, false, { a: 0.5, b: 0.1 })); // 0.3
  store.saveStep(step(r2, 0, null, { a: 0.2, b: 0.2 })); // 0.2
  store.saveStep(step(r2, 1, true, { a: 0.1, b: 0.1 })); // 0.1
  store.saveStep(step(r2, 2, true, { a: 0.3, b: NaN })); // 0.3 (NaN skipped)
  store.setRunStatus(r1, "done");
  const [row] = summarizeExperiment(store);
  assert.equal(row.config, "textgrad/SSS/mae");
  assert.equal(row.done, "1/2");
  assert.ok(Math.abs(row.initial - 0.2) < 1e-12);
  assert.ok(Math.abs(row.best - 0.3) < 1e-12);
  assert.equal(row.bestStep, 1);
  assert.ok(Math.abs(row.final - 0.3) < 1e-12);
  assert.equal(row.accepted, 1.5);
  store.close();
});

Deno.test("Single-mode criterion runs are paired by run index into one vector", () => {
  const store = ExperimentStore.open(":memory:");
  const key = { algorithm: "textgrad" as const, mode: "Single", gate: "none", run: 1 };
  const a = store.ensureRun({ ...key, criterion: "a" }, 1).runId;
  const b = store.ensureRun({ ...key, criterion: "b" }, 1).runId;
  store.saveStep(step(a, 0, null, { a: 0.2 }));
  store.saveStep(step(b, 0, null, { b: 0.6 }));
  const [row] = summarizeExperiment(store);
  assert.equal(row.runs, 1);
  assert.ok(Math.abs(row.initial - 0.4) < 1e-12);
  store.close();
});

Deno.test("the summary table names every configuration and labels dry runs", () => {
  const rows = [{
    config: "textgrad/CCC/none",
    runs: 3,
    done: "3/3",
    initial: 0.25,
    best: 0.3,
    bestStep: 4,
    final: NaN,
    accepted: 12,
    calls: 100,
    costUsd: 1.5,
    parseFailures: 3,
    judged: 40,
    retries: 7,
  }];
  const live = formatSummaryTable(rows);
  assert.doesNotMatch(live, /DRY RUN/);
  assert.match(
    live,
    /textgrad\/CCC\/none +3\/3 +0\.250 +0\.300 \(4\) +n\/a +12\.0 +100 +7 +3\/40 \(7\.5%\) +1\.5000/,
  );
  assert.match(formatSummaryTable(rows, { dryRun: true }), /DRY RUN \(synthetic outputs\)/);
});
