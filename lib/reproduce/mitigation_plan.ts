/**
 * What `--mitigations` runs: the default arms and the experiment config of the mitigation phase,
 * derived from the study's config.
 *
 * @module
 */
import type { ExperimentConfig } from "../experiment/config.ts";
import type { MitigationArm } from "../experiment/mitigation_study.ts";

/**
 * The arms run when the config names no switch: the baseline, both judge strategies (each its own
 * arm, they exclude each other), a 120-token length budget, the router at 6 and the conflict merge
 * (embeddings, drop).
 */
export const DEFAULT_STUDY_ARMS: readonly MitigationArm[] = Object.freeze([
  { name: "baseline", mitigations: {} },
  { name: "perCriterionJudge", mitigations: { perCriterionJudge: true } },
  { name: "fieldMaskedJudge", mitigations: { fieldMaskedJudge: true } },
  { name: "lengthBudget", mitigations: { lengthBudget: { tokens: 120 } } },
  { name: "specificityRouter", mitigations: { specificityRouter: { threshold: 6 } } },
  {
    name: "conflictMerge",
    mitigations: { conflictMerge: { detect: "embedding", resolve: "drop" } },
  },
]);

/** Modes of the dry-run mitigation grid: one with per-criterion gradients, one with combined. */
export const DRY_RUN_MITIGATION_MODES: readonly string[] = Object.freeze(["SSC", "CCC"]);

/** Folder of the mitigation study inside a study's output folder. */
export const mitigationStudyDir = (out: string): string => `${out.replace(/\/+$/, "")}/mitigations`;

/**
 * The experiment config of the study's mitigation phase (`dryRun`: the reduced grid): the study's
 * config (dataset, split,
 * seed, test rows, validation size, steps, prices) in `<out>/mitigations`, every mode but Single
 * (the table compares multi-criterion modes) and every gate; in a dry run the reduced grid
 * (modes SSC and CCC where the study has them, its first gate, at most 2 runs).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseExperimentConfig } from "../experiment/config.ts";
 * import { mitigationStudyConfig } from "./mitigation_plan.ts";
 * const parsed = parseExperimentConfig({ gates: ["mae", "none"], out: "runs/x" });
 * assert.ok(parsed.ok);
 * const config = mitigationStudyConfig(parsed.value, true);
 * assert.deepEqual([config.modes, config.gates, config.out], [["SSC", "CCC"], ["mae"], "runs/x/mitigations"]);
 * ```
 */
export function mitigationStudyConfig(c: ExperimentConfig, dryRun: boolean): ExperimentConfig {
  const multi = c.modes.filter((m) => m !== "Single");
  const reduced = multi.filter((m) => DRY_RUN_MITIGATION_MODES.includes(m));
  return {
    ...c,
    mitigations: {},
    modes: dryRun && reduced.length > 0 ? reduced : multi,
    gates: dryRun ? c.gates.slice(0, 1) : c.gates,
    runs: dryRun ? Math.min(c.runs, 2) : c.runs,
    out: mitigationStudyDir(c.out),
  };
}
