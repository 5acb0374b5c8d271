import assert from "node:assert/strict";
import { loadExperimentData } from "../../lib/experiment/dataset.ts";
import { profileOf } from "../../lib/experiment/components.ts";
import { openExperiment } from "../../lib/experiment/setup.ts";
import { createDryRunBackend } from "../../lib/llm/dry_run_backend.ts";
import { buildStudyPlan } from "../../lib/reproduce/plan.ts";
import { estimateStudy } from "../../lib/reproduce/study_estimate.ts";
import { mitigationStudyConfig } from "../../lib/reproduce/mitigation_plan.ts";
import { noTestData } from "../_data_dir.ts";

Deno.test({
  name: "estimateStudy: the extrapolated experiment calls equal a whole dry run's, per role",
  ignore: noTestData,
  async fn() {
    const plan = await buildStudyPlan({
      env: () => undefined,
      runs: 2,
      steps: 3,
      testLimit: 7,
      validationSize: 5,
    });
    assert.ok(plan.ok);
    const config = plan.value.config;
    const data = await loadExperimentData(config, profileOf(config));
    const estimate = await estimateStudy(plan.value, data, { latencyMs: 100 });
    const whole = await openExperiment(config, {
      data,
      backend: createDryRunBackend({ seed: config.seed }),
      inMemory: true,
    });
    await whole.run();
    const actual = whole.llm.usage().roles;
    whole.close();
    const experiment = estimate.find((e) => e.phase === "experiment")!;
    for (const role of ["judge", "loss", "gradient", "optimizer"]) {
      assert.equal(experiment.roles[role].calls, actual[role].calls, role);
      const ratio = experiment.roles[role].inputTokens / actual[role].inputTokens;
      assert.ok(ratio > 0.7 && ratio < 1.4, `${role} input tokens within 30–40 %: ${ratio}`);
    }
    // Ratings: 2 kinds × gates × runs × steps × (4 multi modes × 4 criteria + 4 Single runs).
    assert.equal(
      estimate.find((e) => e.phase === "ratings")!.roles.rater.calls,
      2 * 2 * 2 * 3 * 20,
    );
    assert.equal(estimate.find((e) => e.phase === "noise")!.roles.judge.calls, 3 * 7);
    assert.ok(experiment.wallMs > 0);
  },
});

Deno.test({
  name:
    "estimateStudy --mitigations: a mitigation phase with every arm's experiment, ratings and noise",
  ignore: noTestData,
  async fn() {
    const sizes = { env: () => undefined, runs: 1, steps: 2, testLimit: 5, validationSize: 4 };
    const plan = await buildStudyPlan({ ...sizes, mitigations: true });
    const without = await buildStudyPlan(sizes);
    assert.ok(plan.ok && without.ok);
    const config = plan.value.config;
    const data = await loadExperimentData(config, profileOf(config));
    const estimate = await estimateStudy(plan.value, data, { latencyMs: 100 });
    const base = await estimateStudy(without.value, data, { latencyMs: 100 });
    assert.deepEqual(estimate.map((e) => e.phase), [...base.map((e) => e.phase), "mitigations"]);
    assert.deepEqual(estimate.slice(0, 4), base, "the other phases are unchanged");
    const study = mitigationStudyConfig(plan.value.config, plan.value.dryRun);
    let judge = 0, loss = 0;
    for (const arm of plan.value.mitigations!.arms) {
      const ex = await openExperiment(
        { ...study, mitigations: arm.mitigations, sampling: "paired" },
        { data, backend: createDryRunBackend({ seed: config.seed }), inMemory: true },
      );
      await ex.run();
      judge += ex.llm.usage().roles.judge.calls;
      loss += ex.llm.usage().roles.loss.calls;
      ex.close();
    }
    const phase = estimate.at(-1)!.roles;
    // Arms + noise repeats, within 2 % (the probes extrapolate; a judge re-ask or a gate
    // decision may differ from the whole run's).
    const expected = judge + plan.value.noiseRepeats * 5;
    assert.ok(
      Math.abs(phase.judge.calls - expected) <= 0.02 * expected,
      `${phase.judge.calls} vs ${expected}`,
    );
    assert.equal(phase.loss.calls, loss);
    // Ratings: 2 kinds × 1 gate × 1 run × 2 steps × 2 modes × 4 criteria, per arm; plus the
    // router's in-loop ratings.
    assert.ok(phase.rater.calls >= 6 * 2 * 2 * 2 * 4, String(phase.rater.calls));
    assert.ok(phase.embedder.calls > 0, "the conflict merge's embeddings");
  },
});
