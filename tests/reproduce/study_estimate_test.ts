import assert from "node:assert/strict";
import { loadExperimentData } from "../../lib/experiment/dataset.ts";
import { profileOf } from "../../lib/experiment/components.ts";
import { openExperiment } from "../../lib/experiment/setup.ts";
import { createDryRunBackend } from "../../lib/llm/dry_run_backend.ts";
import { buildStudyPlan } from "../../lib/reproduce/plan.ts";
import { estimateStudy } from "../../lib/reproduce/study_estimate.ts";
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
