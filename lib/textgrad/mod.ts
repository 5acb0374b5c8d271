/**
 * The textual-gradient loop: modes and profiles as data, the loss, gradient and optimizer stages
 * in S and C variants, the TextGrad {@linkcode PromptOptimizer}, training batches and the
 * validation gate.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MODE_PRESETS, PAPER_PROFILE, parseMode } from "./mod.ts";
 * const mode = parseMode("CCC");
 * assert.ok(mode.ok && mode.value === MODE_PRESETS.CCC);
 * assert.ok(PAPER_PROFILE.quirks.cccFirstTaskLabel);
 * ```
 *
 * @module
 */
export type { Mode, Strategy } from "./mode.ts";
export { MODE_PRESETS, parseMode, STAGES } from "./mode.ts";
export type { Profile, Quirks } from "./profile.ts";
export { DEFAULT_PROFILE, PAPER_PROFILE, QUIRK_DESCRIPTIONS, withQuirks } from "./profile.ts";
export type { StageRecord } from "./stage_record.ts";
export type { StageContext } from "./stage_context.ts";
export { stepDraw, stepLabel } from "./stage_context.ts";
export type { MessageOptions, StagePrompt } from "./stage_prompt.ts";
export { promptText, tagged, toMessages } from "./stage_prompt.ts";
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
export type { InstructionSet, ParsedInstructions } from "./instruction_set.ts";
export { cleanInstruction, parseInstructionSet } from "./instruction_set.ts";
export type { ExchangeParts } from "./views.ts";
export { criterionGroups, exchangeParts, predictionFor, shownValue } from "./views.ts";
export type { StageCallSpec } from "./stage_call.ts";
export { callStage, stageCallLabel } from "./stage_call.ts";
export { runLossStage } from "./loss_stage.ts";
export { runGradientStage } from "./gradient_stage.ts";
export type { OptimizerOutcome } from "./optimizer_stage.ts";
export { runOptimizerStage } from "./optimizer_stage.ts";
export type { PromptOptimizer, ProposeContext, StepTrace } from "./optimizer.ts";
export { judgeRecords, textGradOptimizer } from "./optimizer.ts";
export type { BatchOptions, ValidationOptions, ValidationSplit } from "./batches.ts";
export { trainingBatch, validationSplit } from "./batches.ts";
export type { JudgePurpose } from "./judge_policy.ts";
export { judgePolicy, messageOptions, optimizerAsk, parseFailureCounting } from "./judge_policy.ts";
export type { GateDecision, GateMetric, GateOptions, GateOutcome, GateState } from "./gate.ts";
export { GATE_METRICS, gateScore, isGateMetric, runGate } from "./gate.ts";
/** Re-exported because the stages' public API takes or returns them. */
export type {
  ChatMessage,
  ChatRequest,
  ChatResult,
  CompleteOptions,
  Criterion,
  DatasetSpec,
  Evaluation,
  Example,
  JsonSchemaFormat,
  JudgePrediction,
  LlmGateway,
  MetricName,
  MetricResult,
  OutputHint,
  ParseOutcome,
  PromptState,
  Role,
  Schema,
  SchemaIssue,
  StructuredOptions,
  StructuredResult,
  TokenUsage,
} from "../judge/mod.ts";
