/**
 * OPRO, the second optimizer: an LLM proposes instruction sets from a scored trajectory of past
 * sets (multi-objective: ranked by the mean over criteria of normalised scores). It implements the
 * same {@linkcode PromptOptimizer} interface as TextGrad, so judge, gate, runs and store are shared.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { addToTrajectory, oproOptimizer } from "./mod.ts";
 * assert.ok(oproOptimizer().name === "opro");
 * assert.ok(addToTrajectory([], [], ["fluency"], 20).length === 0);
 * ```
 *
 * @module
 */
export type { AddTrajectoryOptions, OproState, TrajectoryEntry } from "./trajectory.ts";
export { addToTrajectory, parseOproState, rankScore } from "./trajectory.ts";
export type { OproMetric } from "./scoring.ts";
export { normalisedScores, OPRO_METRIC_WORDING } from "./scoring.ts";
export type { OproPromptInput } from "./meta_prompt.ts";
export { buildOproPrompt, renderTrajectoryEntry } from "./meta_prompt.ts";
export type { OproOptions } from "./opro_optimizer.ts";
export { fixedSubset, oproOptimizer } from "./opro_optimizer.ts";
/** Re-exported because OPRO's public API takes or returns them. */
export type {
  Profile,
  PromptOptimizer,
  ProposeContext,
  Quirks,
  StageContext,
  StagePrompt,
  StageRecord,
  StepTrace,
} from "../loop/mod.ts";
export type * from "../judge/mod.ts";
