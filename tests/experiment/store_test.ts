import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { StoreFormatError } from "../../lib/experiment/errors.ts";
import { instructionRewrites } from "../../lib/experiment/rewrites.ts";
import { ExperimentStore, runIdOf } from "../../lib/experiment/store.ts";
import type { CallLogEntry, ExperimentManifest, StepRecord } from "../../lib/experiment/types.ts";
import type { Evaluation } from "../../lib/judge/mod.ts";

const KEY = { algorithm: "textgrad" as const, mode: "SSC", gate: "mae", run: 2, criterion: null };

function evaluation(value: number): Evaluation {
  return {
    predictions: [
      {
        exampleId: "t1",
        scores: { fluency: 4, coherence: null },
        literals: { fluency: "4" },
        raw: '{"fluency": 4}',
        error: "missing coherence",
        attempts: 2,
        callKey: "k-t1",
        dryRun: true,
      },
    ],
    parseFailures: 1,
    metrics: {
      fluency: { spearman: { value, n: 3, missing: 0 }, mae: { value: 0.5, n: 3, missing: 0 } },
      coherence: {
        spearman: { value: NaN, n: 2, missing: 1 },
        mae: { value: 1, n: 2, missing: 1 },
      },
    },
    average: { spearman: value, mae: 0.75 },
  };
}

function stepRecord(step: number): StepRecord {
  const prompt = {
    instructions: { fluency: `Rate fluency, version ${step}.`, coherence: "Rate from 1 to 5." },
    showOutputFormat: step === 0,
  };
  return {
    runId: runIdOf(KEY),
    step,
    prompt,
    renderedPrompt: `rendered ${step}`,
    candidate: step === 0 ? null : prompt,
    accepted: step === 0 ? null : step % 2 === 1,
    gate: step === 0 ? null : {
      metric: "mae",
      accepted: step % 2 === 1,
      skipped: false,
      incumbentScore: -0.8,
      candidateScore: -0.7,
      reevaluated: false,
      n: 20,
    },
    gateState: { incumbentScore: -0.7 },
    optimizerState: step === 0 ? null : { trajectory: [{ step, score: 0.1 * step }] },
    batchIds: step === 0 ? [] : ["a", "b", "c"],
    trainPredictions: evaluation(0.2).predictions,
    stages: step === 0 ? [] : [
      {
        stage: "loss",
        criteria: ["fluency"],
        exampleId: "a",
        prompt: "loss prompt",
        text: "critique",
        callKey: "k1",
      },
      {
        stage: "optimizer",
        criteria: ["fluency", "coherence"],
        exampleId: null,
        prompt: "opt prompt",
        text: "{...}",
        callKey: null,
        data: { parsed: { fluency: "x" } },
      },
    ],
    test: evaluation(0.1 * step),
    validation: step === 0 ? [] : [{ split: "val-candidate", evaluation: evaluation(0.3) }],
    durationMs: 12,
  };
}

Deno.test("store round-trips steps, stage records, metrics, predictions and lengths", () => {
  const store = ExperimentStore.open(":memory:");
  const run = store.ensureRun(KEY, 44);
  assert.equal(run.runId, "textgrad/SSC/mae/r2");
  assert.equal(run.lastStep, -1);
  store.saveStep(stepRecord(0));
  store.saveStep(stepRecord(1));

  assert.equal(store.run(run.runId)!.lastStep, 1);
  const steps = store.steps(run.runId);
  assert.deepEqual(steps.map((s) => [s.step, s.accepted]), [[0, null], [1, true]]);
  assert.deepEqual(steps[1].prompt, stepRecord(1).prompt);
  assert.deepEqual(steps[1].gate, stepRecord(1).gate);
  assert.deepEqual(steps[1].batchIds, ["a", "b", "c"]);

  assert.deepEqual(store.stageRecords(run.runId, 1), stepRecord(1).stages);
  assert.deepEqual(store.stageRecords(run.runId, 1, "optimizer"), [stepRecord(1).stages[1]]);

  const metrics = store.stepMetrics(run.runId);
  const at = (step: number, criterion: string, metric: string) =>
    metrics.find((m) => m.step === step && m.criterion === criterion && m.metric === metric)!;
  assert.equal(at(1, "fluency", "spearman").value, 0.1);
  assert.equal(at(1, "fluency", "spearman").n, 3);
  assert.ok(Number.isNaN(at(1, "coherence", "spearman").value), "NaN stays NaN, never 0");
  assert.equal(at(1, "coherence", "spearman").missing, 1);
  assert.equal(at(1, "_average", "mae").value, 0.75);
  assert.equal(store.stepMetrics(run.runId, { split: "val-candidate" })[0].step, 1);

  assert.deepEqual(store.predictions(run.runId, 1), stepRecord(1).test.predictions);
  assert.deepEqual(store.predictions(run.runId, 1, "train"), stepRecord(1).trainPredictions);
  const lengths = store.table("instruction_lengths").filter((r) => r.step === 1);
  assert.deepEqual(
    lengths.map((r) => [r.criterion, r.chars, r.words]),
    [["fluency", 24, 4], ["coherence", 17, 5]],
  );
  store.close();
});

Deno.test("checkpoint restores prompt, gate state and optimizer state of the last step", () => {
  const store = ExperimentStore.open(":memory:");
  const { runId } = store.ensureRun(KEY, 44);
  assert.equal(store.checkpoint(runId), null);
  store.saveStep(stepRecord(0));
  store.saveStep(stepRecord(1));
  store.saveStep(stepRecord(2));
  const checkpoint = store.checkpoint(runId)!;
  assert.equal(checkpoint.step, 2);
  assert.deepEqual(checkpoint.prompt, stepRecord(2).prompt);
  assert.deepEqual(checkpoint.gateState, { incumbentScore: -0.7 });
  assert.deepEqual(checkpoint.optimizerState, { trajectory: [{ step: 2, score: 0.2 }] });
  store.close();
});

Deno.test("a step whose write fails leaves no partial rows", () => {
  const store = ExperimentStore.open(":memory:");
  const { runId } = store.ensureRun(KEY, 44);
  store.saveStep(stepRecord(0));
  const broken = stepRecord(1);
  // A stage without text violates NOT NULL after the steps row was written.
  broken.stages = [{ ...broken.stages[0], text: null as unknown as string }];
  store.recordCall({
    runId,
    key: "k",
    role: "loss",
    label: null,
    request: {},
    text: "critique",
    model: "m",
    inputTokens: 1,
    outputTokens: 1,
    costUsd: 0,
    cached: false,
    dryRun: true,
    error: null,
    startedAt: 1,
    durationMs: 1,
  });
  assert.throws(() => store.saveStep(broken));
  assert.equal(store.callTotals(runId).calls, 1, "the call log survives the failed step");
  assert.deepEqual(store.steps(runId).map((s) => s.step), [0]);
  assert.equal(store.table("metrics").filter((r) => r.step === 1).length, 0);
  assert.equal(store.run(runId)!.lastStep, 0);
  store.close();
});

Deno.test("manifest is written once and survives reopening; calls aggregate per run", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/experiment.sqlite`;
  const manifest: ExperimentManifest = {
    kitVersion: "0.1.0",
    createdAt: "2026-01-01T00:00:00.000Z",
    dryRun: true,
    backend: "dry-run",
    dataset: { name: "summeval", checksum: "abc", train: 160, validation: 20, test: 40 },
    profile: { name: "paper", quirks: { spearmanZeroOnConstant: true } },
    roles: { judge: { model: "m", temperature: 0.1, maxTokens: 256 } },
    config: { modes: ["SSS"], runs: 1 },
  };
  let store = ExperimentStore.open(path);
  store.writeManifest(manifest);
  store.writeManifest({ ...manifest, kitVersion: "9.9.9" });
  const call: CallLogEntry = {
    runId: "r",
    key: "k",
    role: "judge",
    label: "run 1 step 0 test",
    request: { messages: [{ role: "user", content: "hi" }] },
    text: "{}",
    model: "m",
    inputTokens: 10,
    outputTokens: 2,
    costUsd: 0.5,
    cached: false,
    dryRun: true,
    error: null,
    startedAt: 1,
    durationMs: 3,
    attempts: 3,
    retryErrors: ["RateLimitError", "TimeoutError"],
    reasoning: "The summary reads well.",
    reasoningTokens: 1,
  };
  store.recordCall(call);
  store.recordCall({ ...call, cached: true, costUsd: 0, attempts: 1, retryErrors: [] });
  store.recordCall({ ...call, runId: "other", role: "loss" });
  store.close();

  store = ExperimentStore.open(path);
  assert.deepEqual(store.manifest(), manifest);
  assert.deepEqual([...store.calls({ runId: "r" })][0], call);
  assert.deepEqual(store.callTotals("r"), {
    calls: 2,
    cacheHits: 1,
    failures: 0,
    retries: 2,
    inputTokens: 10,
    outputTokens: 2,
    reasoningTokens: 1,
    costUsd: 0.5,
  });
  assert.equal([...store.calls({ role: "loss" })].length, 1);
  store.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("rewrites pair each step's candidate with the instruction it started from", () => {
  const store = ExperimentStore.open(":memory:");
  const { runId } = store.ensureRun(KEY, 44);
  store.saveStep(stepRecord(0));
  store.saveStep(stepRecord(1));
  store.saveStep(stepRecord(2));
  const rewrites = instructionRewrites(store, runId).filter((r) => r.criterion === "fluency");
  assert.deepEqual(rewrites, [
    {
      step: 1,
      criterion: "fluency",
      before: "Rate fluency, version 0.",
      after: "Rate fluency, version 1.",
      accepted: true,
    },
    {
      step: 2,
      criterion: "fluency",
      before: "Rate fluency, version 1.",
      after: "Rate fluency, version 2.",
      accepted: false,
    },
  ]);
  store.close();
});

Deno.test("a store of the row-wise format (before version 5) is refused when it holds records, renewed when empty", async () => {
  const dir = await Deno.makeTempDir();
  const legacy = (path: string, rows: boolean) => {
    const old = new DatabaseSync(path);
    old.exec(`CREATE TABLE calls (id INTEGER PRIMARY KEY, run_id TEXT, key TEXT NOT NULL);
      CREATE TABLE predictions (run_id TEXT, step INTEGER, split TEXT, example_id TEXT, json TEXT);
      PRAGMA user_version = 4;`);
    if (rows) old.exec("INSERT INTO calls (run_id, key) VALUES ('r', 'k')");
    old.close();
  };
  legacy(`${dir}/full.sqlite`, true);
  assert.throws(
    () => ExperimentStore.open(`${dir}/full.sqlite`),
    (error: unknown) =>
      error instanceof StoreFormatError && error.found === 4 &&
      /older version of the kit \(store format 4, this kit reads 5\)/.test(error.message),
  );
  legacy(`${dir}/empty.sqlite`, false);
  const store = ExperimentStore.open(`${dir}/empty.sqlite`);
  store.recordCall({
    runId: "r",
    key: "k",
    role: "judge",
    label: null,
    request: {},
    text: "{}",
    model: "m",
    inputTokens: 1,
    outputTokens: 5,
    costUsd: 0,
    cached: false,
    dryRun: false,
    error: null,
    startedAt: 0,
    durationMs: 1,
    reasoning: "thought",
    reasoningTokens: 4,
  });
  assert.equal([...store.calls()][0].reasoning, "thought");
  assert.equal(store.callTotals().reasoningTokens, 4);
  store.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("calls() streams the log lazily, filtered by run and role, and sees calls not yet flushed", () => {
  const store = ExperimentStore.open(":memory:");
  const entry = (i: number) => ({
    runId: i % 2 === 0 ? "even" : "odd",
    key: `k${i}`,
    role: i % 3 === 0 ? "loss" : "judge",
    label: null,
    request: { messages: [{ role: "user", content: `q${i}` }] },
    text: `a${i}`,
    model: "m",
    inputTokens: i,
    outputTokens: 1,
    costUsd: 0,
    cached: false,
    dryRun: true,
    error: null,
    startedAt: i,
    durationMs: 1,
  });
  for (let i = 0; i < 1000; i++) store.recordCall(entry(i));
  const stream = store.calls({ runId: "even", role: "loss" });
  assert.ok(!Array.isArray(stream), "an iterator, not an array built in memory");
  const first = stream.next();
  assert.equal(first.done, false);
  assert.equal(first.value!.key, "k0");
  const keys = [first.value!.key, ...[...stream].map((c) => c.key)];
  const expected = Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 6 === 0);
  assert.deepEqual(keys, expected.map((i) => `k${i}`));
  // Two open streams do not disturb each other.
  const a = store.calls({ runId: "odd" }), b = store.calls({ runId: "odd" });
  assert.equal(a.next().value!.key, "k1");
  assert.equal(b.next().value!.key, "k1");
  assert.equal(a.next().value!.key, "k3");
  assert.equal(store.callTotals("odd").calls, 500);
  assert.equal(store.callTotals().inputTokens, 999 * 1000 / 2);
  store.close();
});

Deno.test("a saved step writes the call log of the calls made before it, in the same transaction", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/experiment.sqlite`;
  const store = ExperimentStore.open(path);
  const { runId } = store.ensureRun(KEY, 44);
  store.recordCall({
    runId,
    key: "k",
    role: "judge",
    label: null,
    request: {},
    text: "{}",
    model: "m",
    inputTokens: 1,
    outputTokens: 1,
    costUsd: 0,
    cached: false,
    dryRun: true,
    error: null,
    startedAt: 1,
    durationMs: 1,
  });
  store.saveStep(stepRecord(0));
  // A second connection sees the call without the first one closing (or flushing) first.
  const reader = ExperimentStore.open(path);
  assert.equal(reader.callTotals(runId).calls, 1);
  reader.close();
  store.close();
  await Deno.remove(dir, { recursive: true });
});
