/**
 * The TextGrad pipeline a set of mitigations asks for: which merge, which stages inserted where.
 *
 * @module
 */
import type { Mode } from "../textgrad/mode.ts";
import type { PipelineOptions, StageInsertion } from "../textgrad/pipeline.ts";
import type { MitigationsConfig } from "./config.ts";
import { conflictMergeStage } from "./conflict_merge.ts";
import { lengthBudgetBriefStage, lengthBudgetStage } from "./length_budget.ts";
import { specificityRouterStage } from "./specificity_router.ts";

/**
 * Pipeline options for `mode` under `mitigations` (with none on: `{}`, the paper's pipeline):
 * the conflict merge replaces the merge; the router is inserted after `gradient` in modes whose
 * gradient is combined (C); the length budget adds its brief after `merge` and its check after
 * `optimizer`. The judge switches change no stage: they set the judge strategy of every judge
 * call (`profile.judgeStrategy`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { mitigationPipeline } from "./pipeline_options.ts";
 * import { MODE_PRESETS } from "../textgrad/mode.ts";
 * import { pipelineFor } from "../textgrad/pipeline.ts";
 * const options = mitigationPipeline(MODE_PRESETS.SCC, { specificityRouter: { threshold: 6 } });
 * assert.deepEqual(pipelineFor(MODE_PRESETS.SCC, options).map((s) => s.name),
 *   ["judge", "loss", "gradient", "router", "merge", "optimizer"]);
 * assert.deepEqual(mitigationPipeline(MODE_PRESETS.SSS, { specificityRouter: { threshold: 6 } }), {});
 * ```
 */
export function mitigationPipeline(mode: Mode, mitigations: MitigationsConfig): PipelineOptions {
  const insert: StageInsertion[] = [];
  if (mitigations.specificityRouter && mode.gradient === "C") {
    insert.push({
      after: "gradient",
      stage: specificityRouterStage(mitigations.specificityRouter),
    });
  }
  if (mitigations.lengthBudget) {
    insert.push({ after: "merge", stage: lengthBudgetBriefStage(mitigations.lengthBudget) });
    insert.push({ after: "optimizer", stage: lengthBudgetStage(mitigations.lengthBudget) });
  }
  return {
    ...(mitigations.conflictMerge ? { merge: conflictMergeStage(mitigations.conflictMerge) } : {}),
    ...(insert.length > 0 ? { insert } : {}),
  };
}
