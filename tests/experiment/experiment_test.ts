import assert from "node:assert/strict";
import { planRuns } from "../../lib/experiment/components.ts";
import {
  ExperimentExistsError,
  ManifestDriftError,
  NothingToResumeError,
} from "../../lib/experiment/errors.ts";
import { openExperiment } from "../../lib/experiment/setup.ts";
import { ExperimentStore } from "../../lib/experiment/store.ts";
import type { ExperimentConfig } from "../../lib/experiment/config.ts";
import type { ExperimentOutcome } from "../../lib/experiment/experiment.ts";
import type { OpenExperimentOptions } from "../../lib/experiment/setup.ts";
import { comparableRecords } from "./_records.ts";
import { toyConfig, toyData } from "./_toy.ts";

async function run(
  config: ExperimentConfig,
  options: OpenExperimentOptions & { abortAfterSteps?: number } = {},
): Promise<ExperimentOutcome> {
  const experiment = await openExperiment(config, { data: toyData(), ...options });
  const controller = new AbortController();
  let stored = 0;
  try {
    return await experiment.run({
      signal: controller.signal,
      onStep: () => {
        if (++stored === options.abortAfterSteps) controller.abort();
      },
    });
  } finally {
    experiment.close();
  }
}

Deno.test("an experiment runs every configuration and stores each step 0..N", async () => {
  const dir = await Deno.makeTempDir();
  const outcome = await run(toyConfig(dir));
  assert.equal(outcome.counts.done, 4);
  const records = comparableRecords(`${dir}/experiment.sqlite`) as Record<string, unknown[]>;
  assert.equal(records.steps.length, 4 * 3);
  const stages = new Set(records.stage_records.map((r) => (r as { stage: string }).stage));
  for (const stage of ["judge", "loss", "gradient", "optimizer"]) {
    assert.ok(stages.has(stage), stage);
  }
  const metrics = records.metrics as { split: string; criterion: string; metric: string }[];
  assert.ok(
    metrics.some((m) =>
      m.split === "test" && m.criterion === "_average" && m.metric === "spearman"
    ),
  );
  assert.ok(metrics.some((m) => m.split === "val-candidate"), "gate evaluations are stored");
  const calls = records.calls as string[];
  assert.ok(calls.every((c) => JSON.parse(c)[0] !== null), "every call is attributed to a run");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("an interrupted experiment resumes without recomputing and equals an uninterrupted one", async () => {
  const whole = await Deno.makeTempDir();
  const split = await Deno.makeTempDir();
  await run(toyConfig(whole));

  const first = await run(toyConfig(split), { abortAfterSteps: 3 });
  assert.ok(first.counts.paused > 0, "cancelled runs are paused");
  const before = comparableRecords(`${split}/experiment.sqlite`) as Record<string, unknown[]>;
  const createdBefore = new Map(
    stepTimes(`${split}/experiment.sqlite`).map((
      r,
    ) => [`${r.run_id}/${r.step}`, r.created_at]),
  );
  const second = await run(toyConfig(split), { resume: true });
  assert.equal(second.counts.done, 4);
  for (const row of stepTimes(`${split}/experiment.sqlite`)) {
    const key = `${row.run_id}/${row.step}`;
    if (createdBefore.has(key)) {
      assert.equal(row.created_at, createdBefore.get(key), `${key} was rewritten`);
    }
  }
  assert.ok(before.steps.length >= 3);
  assert.deepEqual(
    comparableRecords(`${split}/experiment.sqlite`),
    comparableRecords(`${whole}/experiment.sqlite`),
  );
  await Deno.remove(whole, { recursive: true });
  await Deno.remove(split, { recursive: true });
});

Deno.test("a budget cap pauses runs; resuming with a larger budget completes them identically", async () => {
  const whole = await Deno.makeTempDir();
  const capped = await Deno.makeTempDir();
  await run(toyConfig(whole));
  const paused = await run(toyConfig(capped, { budgetUsd: 0.01 }));
  assert.ok(paused.counts.paused > 0);
  const message = paused.runs.find((r) => r.status === "paused")!.message ?? "";
  assert.match(message, /Budget/);
  const resumed = await run(toyConfig(capped), { resume: true });
  assert.equal(resumed.counts.done, 4);
  assert.deepEqual(
    comparableRecords(`${capped}/experiment.sqlite`),
    comparableRecords(`${whole}/experiment.sqlite`),
  );
  await Deno.remove(whole, { recursive: true });
  await Deno.remove(capped, { recursive: true });
});

Deno.test("opening an existing store without resume, or with another grid, is refused", async () => {
  const dir = await Deno.makeTempDir();
  await run(toyConfig(dir, { steps: 1 }));
  await assert.rejects(
    () => openExperiment(toyConfig(dir, { steps: 1 }), { data: toyData() }),
    ExperimentExistsError,
  );
  await assert.rejects(
    () => openExperiment(toyConfig(`${dir}/elsewhere`), { data: toyData(), resume: true }),
    NothingToResumeError,
  );
  await assert.rejects(
    () => openExperiment(toyConfig(dir, { steps: 3 }), { data: toyData(), resume: true }),
    (error: unknown) =>
      error instanceof ManifestDriftError && error.drift.some((d) => d.startsWith("steps")),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resuming with another temperature, token cap or provider preset of a role is refused", async () => {
  const dir = await Deno.makeTempDir();
  await run(toyConfig(dir, { steps: 1 }));
  const withJudge = (judge: Record<string, number | string>) =>
    toyConfig(dir, {
      steps: 1,
      llm: {
        cache: { mode: "live" },
        defaults: { price: { inputPerMillion: 1, outputPerMillion: 2 } },
        roles: { judge },
      },
    });
  await assert.rejects(
    () => openExperiment(withJudge({ temperature: 0.9 }), { data: toyData(), resume: true }),
    /different configuration: judge temperature \(stored 0\.1\)/,
  );
  await assert.rejects(
    () => openExperiment(withJudge({ maxTokens: 99 }), { data: toyData(), resume: true }),
    /different configuration: judge maxTokens/,
  );
  await assert.rejects(
    () =>
      openExperiment(withJudge({ provider: "vllm" }), {
        data: toyData(),
        resume: true,
      }),
    /different configuration: judge provider \(stored "generic"\)/,
  );
  const same = await openExperiment(withJudge({ temperature: 0.1 }), {
    data: toyData(),
    resume: true,
  });
  same.close();
  await Deno.remove(dir, { recursive: true });
});

function stepTimes(path: string) {
  const store = ExperimentStore.open(path);
  const rows = store.table("steps") as { run_id: string; step: number; created_at: string }[];
  store.close();
  return rows;
}

Deno.test("the grid is modes × gates × runs, with one run per criterion in Single mode", () => {
  const keys = planRuns(
    { optimizer: { name: "textgrad" }, modes: ["SSS", "Single"], gates: ["mae", "none"], runs: 3 },
    ["a", "b", "c", "d"],
  );
  assert.equal(keys.length, 2 * 3 + 2 * 3 * 4);
  assert.equal(keys.filter((k) => k.mode === "Single" && k.criterion === "b").length, 6);
  assert.ok(keys.filter((k) => k.mode === "SSS").every((k) => k.criterion === null));
});

Deno.test("a Single-mode run optimizes only its criterion", async () => {
  const dir = await Deno.makeTempDir();
  const outcome = await run(toyConfig(dir, { modes: ["Single"], gates: ["none"], steps: 1 }));
  assert.equal(outcome.counts.done, 4);
  const store = ExperimentStore.open(`${dir}/experiment.sqlite`);
  const steps = store.steps("textgrad/Single/none/r1/fluency");
  assert.deepEqual(Object.keys(steps[1].prompt.instructions), ["fluency"]);
  const criteria = new Set(
    store.stepMetrics("textgrad/Single/none/r1/fluency").map((m) => m.criterion),
  );
  assert.deepEqual([...criteria].sort(), ["_average", "fluency"]);
  store.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("OPRO resumes with its trajectory restored from the store", async () => {
  const whole = await Deno.makeTempDir();
  const split = await Deno.makeTempDir();
  const opro = { algorithm: "opro" as const, modes: ["CCC"], gates: ["none"], steps: 3 };
  await run(toyConfig(whole, opro));
  const first = await run(toyConfig(split, opro), { abortAfterSteps: 2 });
  assert.equal(first.counts.paused, 1);
  const second = await run(toyConfig(split, opro), { resume: true });
  assert.equal(second.counts.done, 1);
  const records = comparableRecords(`${split}/experiment.sqlite`) as Record<string, unknown[]>;
  const states = records.steps.map((s) =>
    (s as { optimizer_state_json: string | null }).optimizer_state_json
  );
  assert.ok(states.slice(1).every((s) => s !== null), "OPRO stores its state at every step");
  assert.deepEqual(records, comparableRecords(`${whole}/experiment.sqlite`));
  await Deno.remove(whole, { recursive: true });
  await Deno.remove(split, { recursive: true });
});

Deno.test("a step's test evaluation runs alongside the next step's proposal; steps are stored in order", async () => {
  const dir = await Deno.makeTempDir();
  const config = toyConfig(dir, { modes: ["CCC"], gates: ["none"], steps: 2 });
  const order: number[] = [];
  const experiment = await openExperiment(config, { data: toyData(), latencyMs: 15 });
  try {
    await experiment.run({ onStep: (record) => order.push(record.step) });
  } finally {
    experiment.close();
  }
  assert.deepEqual(order, [0, 1, 2]);
  const store = ExperimentStore.open(`${dir}/experiment.sqlite`);
  const calls = [...store.calls()];
  store.close();
  const lastTestEnd = Math.max(
    ...calls.filter((c) => /step 0 test/.test(c.label ?? "")).map((c) =>
      c.startedAt + c.durationMs
    ),
  );
  const firstOfStep1 = Math.min(
    ...calls.filter((c) => /step 1 train/.test(c.label ?? "")).map((c) => c.startedAt),
  );
  assert.ok(firstOfStep1 < lastTestEnd, "step 1 began before step 0's test evaluation ended");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("reuseEvaluations scores an unchanged prompt on the same rows once; the default samples anew", async () => {
  const sent = async (reuse: boolean) => {
    const dir = await Deno.makeTempDir();
    const grid = { modes: ["CCC"], gates: ["mae"], runs: 2, steps: 3, profile: "default" as const };
    const config = toyConfig(dir, reuse ? { ...grid, reuseEvaluations: true } : grid);
    await run(config);
    const store = ExperimentStore.open(`${dir}/experiment.sqlite`);
    const totals = store.callTotals();
    const step0 = ["textgrad/CCC/mae/r1", "textgrad/CCC/mae/r2"].map((runId) =>
      store.predictions(runId, 0).map((p) => p.raw)
    );
    const manifest = store.manifest()!;
    const steps = store.steps("textgrad/CCC/mae/r1");
    const tests = steps.map((s) =>
      store.predictions("textgrad/CCC/mae/r1", s.step).map((p) => p.raw)
    );
    store.close();
    await Deno.remove(dir, { recursive: true });
    return { totals, step0, manifest, steps, tests };
  };
  const paper = await sent(false);
  const reused = await sent(true);
  assert.equal(reused.manifest.config.reuseEvaluations, true, "the manifest records it");
  assert.equal(paper.manifest.config.reuseEvaluations, undefined);
  // The seed prompt at step 0: one evaluation shared by both runs, or two samples.
  assert.deepEqual(reused.step0[0], reused.step0[1]);
  assert.notDeepEqual(paper.step0[0], paper.step0[1]);
  // A step whose prompt did not change reuses the previous step's answers.
  for (let i = 1; i < reused.steps.length; i++) {
    if (JSON.stringify(reused.steps[i].prompt) === JSON.stringify(reused.steps[i - 1].prompt)) {
      assert.deepEqual(reused.tests[i], reused.tests[i - 1]);
    }
  }
  assert.ok(reused.totals.cacheHits > paper.totals.cacheHits);
  assert.ok(
    reused.totals.calls - reused.totals.cacheHits < paper.totals.calls - paper.totals.cacheHits,
    "fewer calls sent",
  );
});
