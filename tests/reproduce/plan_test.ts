import assert from "node:assert/strict";
import { buildStudyPlan, DRY_RUN_STUDY, PAPER_STUDY } from "../../lib/reproduce/plan.ts";
import { settingsDrift, studySettings } from "../../lib/reproduce/state.ts";

const noEnv = () => undefined;

Deno.test("plan: without an endpoint, the reduced dry-run study over every mode and both gates", async () => {
  const plan = await buildStudyPlan({ env: noEnv });
  assert.ok(plan.ok);
  const { config, dryRun, noiseRepeats } = plan.value;
  assert.equal(dryRun, true);
  assert.equal(config.backend, "dry-run");
  assert.deepEqual(config.modes, ["SSS", "SSC", "SCC", "CCC", "Single"]);
  assert.deepEqual(config.gates, ["mae", "none"]);
  assert.equal(config.profile, "paper");
  assert.deepEqual(
    { runs: config.runs, steps: config.steps, testLimit: config.testLimit, noiseRepeats },
    {
      runs: DRY_RUN_STUDY.runs,
      steps: DRY_RUN_STUDY.steps,
      testLimit: DRY_RUN_STUDY.testLimit,
      noiseRepeats: DRY_RUN_STUDY.noiseRepeats,
    },
  );
  assert.equal(config.out, "runs/reproduce-summeval-dry-run");
});

Deno.test("plan: COLLIDE_LLM_CONFIG makes the study live at the paper's sizes; flags win", async () => {
  const env = (name: string) => name === "COLLIDE_LLM_CONFIG" ? "endpoint.json" : undefined;
  const plan = await buildStudyPlan({ env });
  assert.ok(plan.ok);
  assert.equal(plan.value.dryRun, false);
  assert.equal(plan.value.config.llm, "endpoint.json");
  assert.equal(plan.value.config.runs, PAPER_STUDY.runs);
  assert.equal(plan.value.config.steps, 12);
  assert.equal(plan.value.config.testLimit, undefined, "the full test split");
  assert.equal(plan.value.noiseRepeats, 13);
  const small = await buildStudyPlan({
    env,
    runs: 1,
    steps: 3,
    testLimit: 20,
    profile: "default",
    dataset: "brighter",
  });
  assert.ok(small.ok);
  assert.deepEqual(
    [
      small.value.config.runs,
      small.value.config.steps,
      small.value.config.testLimit,
      small.value.config.profile,
      small.value.config.dataset,
    ],
    [1, 3, 20, "default", "brighter"],
  );
  assert.equal(small.value.config.out, "runs/reproduce-brighter");
});

Deno.test("plan: a config file keeps its own grid and endpoint; flags override it", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(
    `${dir}/study.json`,
    JSON.stringify({ modes: ["CCC"], runs: 2, llm: "llm.json", out: "runs/mine" }),
  );
  const plan = await buildStudyPlan({ config: `${dir}/study.json`, env: noEnv, steps: 4 });
  assert.ok(plan.ok);
  assert.deepEqual(plan.value.config.modes, ["CCC"]);
  assert.equal(plan.value.config.runs, 2);
  assert.equal(plan.value.config.steps, 4);
  assert.equal(plan.value.config.llm, `${dir}/llm.json`);
  assert.equal(plan.value.config.out, "runs/mine");
  assert.equal(plan.value.config.profile, "paper", "the study's default where the file is silent");
  assert.equal(plan.value.config.validationSize, 100);
  assert.equal(plan.value.dryRun, false);
  await Deno.writeTextFile(
    `${dir}/rehearse.json`,
    JSON.stringify({ backend: "dry-run", profile: "default", llm: { defaults: { model: "m" } } }),
  );
  const rehearsal = await buildStudyPlan({ config: `${dir}/rehearse.json`, env: noEnv });
  assert.ok(rehearsal.ok && rehearsal.value.dryRun);
  assert.equal(rehearsal.value.config.profile, "default", "the file's own key wins");
  assert.equal(rehearsal.value.config.runs, 2, "a dry-run file gets the reduced study");
  assert.equal(rehearsal.value.config.modes.length, 5);
  const bad = await buildStudyPlan({ config: `${dir}/missing.json`, env: noEnv });
  assert.ok(!bad.ok && bad.issues[0].includes("missing.json"));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("state: settings that change results are compared field by field; budget and concurrency are not among them", async () => {
  const a = await buildStudyPlan({ env: noEnv });
  const b = await buildStudyPlan({ env: noEnv, steps: 3, budgetUsd: 5, concurrency: 1 });
  const c = await buildStudyPlan({ env: noEnv, budgetUsd: 5, concurrency: 1, out: "elsewhere" });
  assert.ok(a.ok && b.ok && c.ok);
  assert.deepEqual(settingsDrift(studySettings(a.value), studySettings(b.value)), ["steps: 2 → 3"]);
  assert.deepEqual(settingsDrift(studySettings(a.value), studySettings(c.value)), []);
  const d = await buildStudyPlan({ env: noEnv, profile: "default", noiseRepeats: 5 });
  assert.ok(d.ok);
  assert.deepEqual(settingsDrift(studySettings(a.value), studySettings(d.value)), [
    'profile: "paper" → "default"',
    "noiseRepeats: 3 → 5",
  ]);
});

Deno.test("plan: the README's endpoint example is a valid live study at the paper's sizes", async () => {
  const path = new URL("../fixtures/reproduce/study.json", import.meta.url).pathname;
  const plan = await buildStudyPlan({ config: path, env: noEnv });
  assert.ok(plan.ok, plan.ok ? "" : plan.issues.join("\n"));
  assert.equal(plan.value.dryRun, false);
  assert.deepEqual([plan.value.config.runs, plan.value.config.steps], [3, 12]);
  assert.equal(plan.value.config.budgetUsd, 150);
  assert.ok(String(plan.value.config.llm).endsWith("fixtures/reproduce/endpoint.json"));
});
