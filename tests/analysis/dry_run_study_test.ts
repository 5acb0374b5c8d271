// The dry-run study behind notebook 06: every arm rated, the baseline's noise control, a table
// whose rows all say DRY RUN, and the expected arms.
import assert from "node:assert/strict";
import { buildDryRunMitigationStudy } from "../../lib/analysis/dry_run_study.ts";
import { mitigationTable } from "../../lib/analysis/mitigation_table.ts";
import { mitigationComparison } from "../../lib/analysis/mitigation_comparison.ts";
import { mitigationFigures } from "../../lib/figures/mitigation_figures.ts";
import { toyExperimentData } from "../../lib/testing/toy_experiment.ts";

Deno.test("dry-run study: six arms × two modes, rated, noise-controlled, synthetic throughout", async () => {
  const dir = await Deno.makeTempDir({ prefix: "collide-study-test-" });
  try {
    const data = toyExperimentData();
    const out = await buildDryRunMitigationStudy(`${dir}/s`, { data, steps: 1 });
    const table = await mitigationTable(out, { test: data.splits.test, resamples: 50 });
    assert.ok(table.dryRun && table.rows.every((r) => r.dryRun));
    assert.deepEqual([...new Set(table.rows.map((r) => r.arm))], [
      "baseline",
      "perCriterionJudge",
      "fieldMaskedJudge",
      "lengthBudget",
      "specificityRouter",
      "conflictMerge",
    ]);
    assert.equal(table.rows.length, 12);
    assert.ok(table.noiseRange !== null && table.noiseRange >= 0);
    assert.ok(table.rows.every((r) => r.specificity !== null && r.adherence !== null));
    const spread = (arm: string) => table.rows.find((r) => r.arm === arm && r.mode === "CCC")!;
    assert.ok(spread("lengthBudget").lengthSpread! <= 60);
    const shown = mitigationComparison(table);
    assert.equal(shown.rows.length, 12);
    const figures = mitigationFigures(table);
    assert.ok(figures.mitigation_delta.dryRun && figures.mitigation_cost.dryRun);
    assert.equal(figures.mitigation_delta.data.length, 5);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
