// The mitigations as switches of the experiment config: validated, recorded in the manifest,
// combinable, working in dry run; with every switch off the experiment is the paper's; a study
// runs the baseline and each arm paired, and its table compares them.
import assert from "node:assert/strict";
import { countTokens } from "../../lib/metrics/tokenizer.ts";
import { parseExperimentConfig } from "../../lib/experiment/config.ts";
import { openExperiment } from "../../lib/experiment/setup.ts";
import { runMitigationStudy } from "../../lib/experiment/mitigation_study.ts";
import { mitigationTable } from "../../lib/analysis/mitigation_table.ts";
import { rateExperiment } from "../../lib/diagnostics/rate_experiment.ts";
import type { ExperimentConfig } from "../../lib/experiment/config.ts";
import type { ResolvedComponents } from "../../lib/experiment/components.ts";
import { toyExperimentConfig, toyExperimentData } from "../../lib/testing/toy_experiment.ts";

Deno.test("config: switches are validated; [] is none; judge strategies exclude each other; stage switches need TextGrad", () => {
  const none = parseExperimentConfig({ mitigations: [] });
  assert.ok(none.ok && Object.keys(none.value.mitigations).length === 0);
  const both = parseExperimentConfig({
    mitigations: { perCriterionJudge: true, fieldMaskedJudge: true },
  });
  assert.ok(!both.ok && both.issues.some((i) => i.includes("pick one")));
  const opro = parseExperimentConfig({
    algorithm: "opro",
    mitigations: { specificityRouter: { threshold: 5 } },
  });
  assert.ok(!opro.ok && opro.issues.some((i) => i.includes("specificityRouter")));
  const oproJudge = parseExperimentConfig({
    algorithm: "opro",
    mitigations: { perCriterionJudge: true },
  });
  assert.ok(oproJudge.ok, "judge strategies apply to any optimizer");
  const bad = parseExperimentConfig({ mitigations: { lengthBudget: { tokens: 0 } } });
  assert.ok(!bad.ok);
  const unknown = parseExperimentConfig({ mitigations: { pcgrad: true } });
  assert.ok(!unknown.ok);
});

async function runToy(out: string, overrides: Partial<ExperimentConfig>) {
  const experiment = await openExperiment(toyExperimentConfig(out, overrides), {
    data: toyExperimentData(),
    inMemory: true,
  });
  try {
    await experiment.run();
    const calls = [...experiment.store.calls()];
    const manifest = experiment.store.manifest()!;
    return {
      manifest,
      components: manifest.components as unknown as ResolvedComponents,
      keys: calls.map((c) => `${c.role}:${c.key}`).sort(),
      roles: calls.reduce<Record<string, number>>((acc, c) => {
        acc[c.role] = (acc[c.role] ?? 0) + 1;
        return acc;
      }, {}),
      runs: experiment.store.runs().map((r) => ({
        run: r,
        cp: experiment.store.checkpoint(r.runId),
      })),
      records: Object.fromEntries(
        experiment.store.runs().map((r) => [r.runId, experiment.store.stageRecords(r.runId, 1)]),
      ),
    };
  } finally {
    experiment.close();
  }
}

Deno.test("baseline unchanged: every switch off sends exactly the paper's calls (same keys, same counts)", async () => {
  const grid = { modes: ["SSS", "SSC", "SCC", "CCC", "Single"], gates: ["mae"], steps: 1 };
  const absent = await runToy("runs/a", grid);
  const off = await runToy("runs/b", {
    ...grid,
    mitigations: { perCriterionJudge: false, fieldMaskedJudge: false },
  });
  assert.deepEqual(off.keys, absent.keys);
  assert.deepEqual(off.roles, absent.roles);
  assert.deepEqual(Object.keys(absent.roles).sort(), ["gradient", "judge", "loss", "optimizer"]);
  assert.deepEqual(absent.components.mitigations, {});
});

Deno.test("switches combine in dry run and are recorded in the manifest", async () => {
  const mitigations = {
    fieldMaskedJudge: true,
    lengthBudget: { tokens: 24, tokenizer: "o200k_base" as const },
    specificityRouter: { threshold: 11 },
    conflictMerge: { resolve: "scope" as const },
  };
  const run = await runToy("runs/c", {
    modes: ["SSS", "CCC"],
    gates: ["none"],
    steps: 2,
    mitigations,
  });
  assert.deepEqual(run.components.mitigations, mitigations);
  assert.ok(run.manifest.dryRun);
  const stages = run.components.optimizer.stages!;
  assert.deepEqual(stages.CCC, [
    "judge:batch",
    "loss:C",
    "gradient:C",
    "router:specificity<11",
    "merge:conflict-embedding-scope",
    "length-brief:budget",
    "optimizer:C",
    "length-budget:o200k_base",
  ]);
  assert.ok(
    !stages.SSS.some((s) => s.startsWith("router")),
    "no router where gradients are per-criterion",
  );
  assert.ok(run.roles.rater > 0 && run.roles.embedder > 0);
  for (const { run: r, cp } of run.runs) {
    for (const [criterion, text] of Object.entries(cp!.prompt.instructions)) {
      assert.ok(await countTokens(text, "o200k_base") <= 24, `${r.mode} ${criterion}`);
    }
    const step1 = run.records[r.runId];
    assert.ok(step1.some((x) => x.stage === "length-budget"));
    if (r.mode === "CCC") assert.ok(step1.some((x) => x.stage === "router"));
    // Field-masked judging: every judge record covers one criterion's call per sample.
  }
});

Deno.test("mitigation study: baseline and each arm on the same grid, paired, compared in one table", async () => {
  const out = await Deno.makeTempDir({ prefix: "collide-study-" });
  try {
    const data = toyExperimentData();
    const config = toyExperimentConfig(out, {
      modes: ["SSC", "CCC"],
      gates: ["none"],
      steps: 1,
      mitigations: { perCriterionJudge: true, specificityRouter: { threshold: 11 } },
    });
    const study = await runMitigationStudy(config, { data });
    assert.deepEqual(study.arms.map((a) => a.name), [
      "baseline",
      "perCriterionJudge",
      "specificityRouter",
    ]);
    const table = await mitigationTable(out, { test: data.splits.test, resamples: 50 });
    assert.ok(table.dryRun);
    assert.equal(table.rows.length, 3 * 2);
    const base = table.rows.filter((r) => r.arm === "baseline");
    assert.ok(base.every((r) => r.delta === null));
    // Paired: the router arm's SSC runs are the baseline's (no combined gradient to route), so the
    // shared cache answers every call and the difference is exactly 0.
    const routerSsc = table.rows.find((r) => r.arm === "specificityRouter" && r.mode === "SSC")!;
    assert.equal(routerSsc.delta, 0);
    assert.deepEqual([routerSsc.deltaLow, routerSsc.deltaHigh], [0, 0]);
    const routerCcc = table.rows.find((r) => r.arm === "specificityRouter" && r.mode === "CCC")!;
    assert.ok((routerCcc.callsPerStep.rater ?? 0) > 0);
    // Threshold 11 is above every rating: each step of each run fell back, and it says so.
    const runs = config.runs;
    assert.deepEqual(routerCcc.routing, { fallback: runs * config.steps, kept: 0 });
    assert.ok(base.every((r) => r.routing === null) && routerSsc.routing === null);
    const perCriterion = table.rows.find((r) => r.arm === "perCriterionJudge" && r.mode === "CCC")!;
    const baseCcc = base.find((r) => r.mode === "CCC")!;
    assert.ok(perCriterion.callsPerStep.judge > 3 * baseCcc.callsPerStep.judge, "K× judge calls");
    for (const row of table.rows) assert.ok(Number.isFinite(row.average) && row.usdPerStep > 0);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("mitigation study: the post-hoc raters' calls are not a step's cost; an arm's budget comes from armBudgetUsd", async () => {
  const out = await Deno.makeTempDir({ prefix: "collide-study-" });
  try {
    const data = toyExperimentData();
    const config = toyExperimentConfig(out, {
      modes: ["CCC"],
      gates: ["none"],
      steps: 1,
      mitigations: { specificityRouter: { threshold: 11 } },
    });
    const { arms } = await runMitigationStudy(config, { data });
    const before = await mitigationTable(out, { test: data.splits.test, resamples: 10 });
    for (const arm of arms) {
      const armConfig = { ...config, mitigations: arm.mitigations, sampling: "paired" as const };
      const ex = await openExperiment({ ...armConfig, out: arm.out }, {
        data,
        resume: true,
        cachePath: `${out}/cache.sqlite`,
      });
      assert.ok((await rateExperiment(ex.store, ex.llm)).rated > 0);
      ex.close();
    }
    const after = await mitigationTable(out, { test: data.splits.test, resamples: 10 });
    assert.ok(after.rows.every((r) => r.specificity !== null), "rated now");
    assert.deepEqual(
      after.rows.map((r) => [r.callsPerStep, r.usdPerStep]),
      before.rows.map((r) => [r.callsPerStep, r.usdPerStep]),
    );
    assert.equal(before.rows.find((r) => r.arm === "baseline")!.callsPerStep.rater, undefined);

    const broke = `${out}/broke`;
    const budgets: number[] = [];
    const study = await runMitigationStudy({ ...config, out: broke }, {
      data,
      armBudgetUsd: () => (budgets.push(0), 0),
    });
    assert.equal(budgets.length, 2, "asked once per arm");
    for (const arm of study.arms) {
      assert.ok(arm.outcome.runs.every((r) => r.status === "paused"), arm.name);
    }
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});
