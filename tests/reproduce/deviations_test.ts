import assert from "node:assert/strict";
import { buildStudyPlan } from "../../lib/reproduce/plan.ts";
import { studyDeviations } from "../../lib/reproduce/deviations.ts";
import type { ExperimentManifest } from "../../lib/experiment/types.ts";

const DRY_MANIFEST = { dryRun: true, roles: {} } as unknown as ExperimentManifest;

async function dryPlan() {
  const plan = await buildStudyPlan({ env: () => undefined });
  assert.ok(plan.ok);
  return plan.value;
}

Deno.test("the report's deviations label a dry run and name the reduced grid", async () => {
  const lines = studyDeviations(await dryPlan(), DRY_MANIFEST);
  assert.match(lines[0], /DRY RUN \(synthetic\)/);
  assert.ok(lines.some((l) => l.startsWith("runs: 2 (paper: 3)")));
  assert.ok(lines.some((l) => l.includes('"Deviations from the paper"')));
});

Deno.test("sharing identical judge inputs is reported as a deviation, per-row samples are not", async () => {
  const plan = await dryPlan();
  const shared = { ...plan, config: { ...plan.config, shareIdenticalJudgeInputs: true } };
  const mark = (lines: string[]) => lines.some((l) => l.includes("shareIdenticalJudgeInputs"));
  assert.equal(mark(studyDeviations(plan, DRY_MANIFEST)), false);
  assert.equal(mark(studyDeviations(shared, DRY_MANIFEST)), true);
});
