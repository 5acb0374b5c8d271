/**
 * TextGrad: modes as data, the step as a pipeline of stages (judge, loss, gradient, merge,
 * optimizer) whose S and C variants are table entries, and the TextGrad
 * {@linkcode PromptOptimizer}. The machinery it shares with OPRO lives in `lib/loop`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MODE_PRESETS, parseMode, pipelineFor } from "./mod.ts";
 * const mode = parseMode("CCC");
 * assert.ok(mode.ok && mode.value === MODE_PRESETS.CCC);
 * assert.ok(pipelineFor(MODE_PRESETS.CCC).some((stage) => stage.name === "merge"));
 * ```
 *
 * @module
 */
export type { Mode, Strategy } from "./mode.ts";
export { MODE_PRESETS, parseMode, STAGES } from "./mode.ts";
export type { TextGradContext } from "./context.ts";
export type { Stage, StepState } from "./stage.ts";
export { newStepState } from "./stage.ts";
export type { PipelineOptions, StageInsertion } from "./pipeline.ts";
export { pipelineFor, runPipeline, runStage } from "./pipeline.ts";
export type { TextGradOptions } from "./optimizer.ts";
export { textGradOptimizer } from "./optimizer.ts";
export { judgeStage } from "./judge_stage.ts";
export { LOSS_VARIANTS, lossStage, runLossStage } from "./loss_stage.ts";
export { GRADIENT_VARIANTS, gradientStage, runGradientStage } from "./gradient_stage.ts";
export type { MergeVariant } from "./merge_stage.ts";
export type { LossVariant } from "./loss_stage.ts";
export type { GradientVariant } from "./gradient_stage.ts";
export type { OptimizerVariant } from "./optimizer_stage.ts";
export { MERGE_VARIANTS, mergeStage } from "./merge_stage.ts";
export type { OptimizerOutcome } from "./optimizer_stage.ts";
export { OPTIMIZER_VARIANTS, optimizerStage, runOptimizerStage } from "./optimizer_stage.ts";
export { CRITIC_PREAMBLE, REWRITER_PREAMBLE } from "./preambles.ts";
export type { LossItem, LossPromptOptions } from "./loss_prompts.ts";
export {
  buildCombinedLossPrompt,
  buildSeparateLossPrompt,
  isCorrect,
  verdict,
} from "./loss_prompts.ts";
export type {
  CritiqueSectionOptions,
  FeedbackGroup,
  FeedbackGroupOptions,
  FeedbackSection,
} from "./feedback.ts";
export { allCriteriaLabel, critiqueSections, feedbackGroups } from "./feedback.ts";
export type {
  CombinedGradientInput,
  ConversationView,
  SeparateGradientInput,
} from "./gradient_prompts.ts";
export { buildCombinedGradientPrompt, buildSeparateGradientPrompt } from "./gradient_prompts.ts";
export type {
  CombinedOptimizerInput,
  ExchangeView,
  SeparateOptimizerInput,
} from "./optimizer_prompts.ts";
export { buildCombinedOptimizerPrompt, buildSeparateOptimizerPrompt } from "./optimizer_prompts.ts";
export type { ExchangeParts } from "./views.ts";
export { criterionGroups, exchangeParts, predictionFor, shownValue } from "./views.ts";
/** Re-exported because TextGrad's public API takes or returns them. */
export type * from "../loop/mod.ts";
