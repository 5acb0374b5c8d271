/**
 * Every known deviation of a study from the paper's protocol (paper-method §5), as sentences.
 *
 * @module
 */
import type { ExperimentManifest } from "../experiment/types.ts";
import type { StudyPlan } from "./plan.ts";
import { PAPER_STUDY } from "./plan.ts";

/**
 * The deviations of `plan` (and the models in `manifest`) from the paper's protocol, including
 * those every run of the kit has.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildStudyPlan } from "./plan.ts";
 * import { studyDeviations } from "./deviations.ts";
 * const plan = await buildStudyPlan({ env: () => undefined });
 * if (plan.ok) {
 *   const lines = studyDeviations(plan.value, { dryRun: true, roles: {} } as never);
 *   assert.ok(lines.some((l) => l.includes("runs: 2")));
 * }
 * ```
 */
export function studyDeviations(plan: StudyPlan, manifest: ExperimentManifest): string[] {
  const c = plan.config;
  const out: string[] = [];
  if (manifest.dryRun || plan.dryRun) {
    out.push(
      "**DRY RUN (synthetic)**: every answer comes from the deterministic dry-run backend, not a model.",
    );
  }
  const size = (field: string, value: unknown, paper: unknown) => {
    if (value !== paper) out.push(`${field}: ${value} (paper: ${paper}).`);
  };
  size("runs", c.runs, PAPER_STUDY.runs);
  size("steps", c.steps, PAPER_STUDY.steps);
  size("batch size", c.batchSize, 3);
  size("validation rows", c.validationSize, PAPER_STUDY.validationSize);
  if (c.testLimit !== undefined) {
    out.push(`test rows: the first ${c.testLimit} (paper: the full test split).`);
  }
  const all = ["SSS", "SSC", "SCC", "CCC", "Single"];
  const missing = all.filter((m) => !c.modes.includes(m));
  if (missing.length > 0) out.push(`modes not run: ${missing.join(", ")}.`);
  for (const g of ["mae", "none"]) if (!c.gates.includes(g)) out.push(`gate ${g} not run.`);
  if (c.dataset !== "summeval") {
    out.push(`dataset ${c.dataset}: the paper publishes no numbers for it.`);
  }
  if (c.profile !== "paper") {
    out.push(
      "profile `default`: the paper's quirks are fixed (see the quirk table), so numbers may differ by design.",
    );
  }
  if (c.algorithm !== "textgrad") {
    out.push(`algorithm ${c.algorithm} (the paper's tables are TextGrad).`);
  }
  if (c.sampling !== "independent") {
    out.push("paired sampling (the paper sampled every configuration independently).");
  }
  if (c.judge?.structuredOutput === "json_schema") {
    out.push("the judge uses constrained decoding (the paper parsed free text).");
  }
  if (c.shareIdenticalJudgeInputs) {
    out.push(
      "identical judge inputs share one sample (`shareIdenticalJudgeInputs`); the paper sampled every row.",
    );
  }
  const judge = manifest.roles?.judge?.model;
  if (judge && !manifest.dryRun) {
    out.push(
      `models: judge ${judge}, loss ${manifest.roles.loss?.model}, gradient ${manifest.roles.gradient?.model}, optimizer ${manifest.roles.optimizer?.model}, rater ${
        manifest.roles.rater?.model ?? "—"
      }; the paper's main table is most likely a Qwen3-8B judge with Qwen3-235B-A22B-2507 loss and optimizer (exact checkpoints not recorded) and Claude Sonnet 4.6 as rater.`,
    );
  }
  out.push(
    `noise-only control (${plan.noiseRepeats} repeats): not in the paper's runs; the spec asks for one (13 re-evaluations of the initial prompt) as the floor a gain must exceed.`,
    "oracle combination: the paper picks on the test split (selection bias); the kit also picks on validation rows, reported separately.",
    "paper values: Table 1's MAE half and Table 2 are the blog's tables; the val=none values and per-criterion specificity are readings of figures, marked so in each cell.",
    "the paper's per-step trajectories and instruction lengths are published only as figures: those families have no paper numbers beside them.",
    'prompt wording, response cache, transport retries, abort scope, stage pacing: see the README\'s "Deviations from the paper" (the protocol itself is checked by tests/experiment/paper_protocol_test.ts).',
  );
  if (plan.noiseRepeats !== PAPER_STUDY.noiseRepeats) {
    out.push(
      `noise repeats: ${plan.noiseRepeats} (the kit's paper-sized study runs ${PAPER_STUDY.noiseRepeats}).`,
    );
  }
  return out;
}
