import assert from "node:assert/strict";
import { parseExperimentConfig } from "../../lib/experiment/config.ts";
import { loadExperimentData } from "../../lib/experiment/dataset.ts";
import { estimateExperiment, formatEstimate } from "../../lib/experiment/estimate.ts";
import { profileOf } from "../../lib/experiment/components.ts";
import { noTestData, testDataDir } from "../_data_dir.ts";

const within = (estimate: number, actual: number, share: number) =>
  Math.abs(estimate - actual) <= share * actual;

Deno.test({
  name: "the sampled estimate is within ±10 % of a full dry run's calls and tokens",
  ignore: noTestData,
  async fn() {
    const parsed = parseExperimentConfig({
      dataDir: testDataDir,
      profile: "paper",
      // Gate none: every candidate is accepted, so the sample's prompts follow the same kind of
      // trajectory as the full grid's (a gate on a sampled validation set would decide otherwise).
      modes: ["SSC", "CCC"],
      gates: ["none"],
      runs: 2,
      steps: 4,
      validationSize: 30,
      // The whole test split: it rates some summaries thrice (once per expert), and those
      // repeats are cache hits the estimate must not bill once identical judge inputs share a
      // sample (the paper's protocol, the default, samples every row anew).
      shareIdenticalJudgeInputs: true,
      backend: "dry-run",
      llm: { defaults: { price: { inputPerMillion: 1, outputPerMillion: 2 } } },
    });
    if (!parsed.ok) throw new Error(parsed.issues.join("\n"));
    const config = parsed.value;
    const data = await loadExperimentData(config, profileOf(config));
    const full = await estimateExperiment(config, data, { exact: true });
    const sampled = await estimateExperiment(config, data);
    assert.equal(full.method, "exact");
    assert.equal(sampled.method, "sampled");
    const calls = (u: typeof full) => u.total.calls + u.total.cacheHits;
    assert.ok(full.total.cacheHits > 0, "the grid has repeated judge calls");
    assert.ok(within(sampled.total.calls, full.total.calls, 0.1), "sent calls");
    assert.ok(
      within(calls(sampled), calls(full), 0.1),
      `calls ${calls(sampled)} vs ${calls(full)}`,
    );
    for (const field of ["inputTokens", "outputTokens", "costUsd"] as const) {
      assert.ok(
        within(sampled.total[field], full.total[field], 0.1),
        `${field} ${sampled.total[field]} vs ${full.total[field]}`,
      );
    }
    for (const role of Object.keys(full.roles)) {
      assert.ok(sampled.roles[role], `role ${role} estimated`);
    }
    assert.match(formatEstimate(sampled), /DRY RUN[\s\S]*scaled from a dry run of a sample/);
  },
});

Deno.test({
  name: "a grid no larger than the sample is estimated exactly",
  ignore: noTestData,
  async fn() {
    const parsed = parseExperimentConfig({
      dataDir: testDataDir,
      modes: ["CCC"],
      gates: ["mae"],
      runs: 1,
      steps: 2,
      validationSize: 6,
      testLimit: 8,
      backend: "dry-run",
    });
    if (!parsed.ok) throw new Error(parsed.issues.join("\n"));
    const config = parsed.value;
    const data = await loadExperimentData(config, profileOf(config));
    const sampled = await estimateExperiment(config, data);
    const full = await estimateExperiment(config, data, { exact: true });
    assert.equal(sampled.method, "exact");
    assert.deepEqual(sampled.total, full.total);
  },
});
