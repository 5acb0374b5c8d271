/**
 * The machinery every optimizer shares: the {@linkcode PromptOptimizer} seam, the step context
 * and the stage record, stage calls and prompts, the instruction set, the quirk profiles and the
 * policy that interprets them, training batches and the validation gate.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { correlationPolicy, PAPER_PROFILE, resolveProfile } from "./mod.ts";
 * assert.ok(correlationPolicy(PAPER_PROFILE) === "zero");
 * assert.ok(resolveProfile("default").ok);
 * ```
 *
 * @module
 */
export type { PromptOptimizer, ProposeContext, StepTrace } from "./prompt_optimizer.ts";
export type { StageContext } from "./stage_context.ts";
export { stepDraw, stepLabel } from "./stage_context.ts";
export type { StageRecord } from "./stage_record.ts";
export type { MessageOptions, StagePrompt } from "./stage_prompt.ts";
export { promptText, tagged, toMessages } from "./stage_prompt.ts";
export type { StageCallSpec } from "./stage_call.ts";
export { callStage, stageCallLabel } from "./stage_call.ts";
export { judgeRecords } from "./judge_records.ts";
export type { InstructionSet, ParsedInstructions } from "./instruction_set.ts";
export { cleanInstruction, parseInstructionSet } from "./instruction_set.ts";
export type { Profile, Quirks } from "./profile.ts";
export { DEFAULT_PROFILE, PAPER_PROFILE, QUIRK_DESCRIPTIONS, withQuirks } from "./profile.ts";
export type { ProfileSpec } from "./profile_spec.ts";
export { PROFILES, resolveProfile } from "./profile_spec.ts";
export type { EvaluationPolicy, FallbackNote, RewriteRules } from "./policy.ts";
export {
  correlationPolicy,
  evaluationOptions,
  messageOptions,
  optimizerAsk,
  parseFailureCounting,
  rewriteRules,
} from "./policy.ts";
export type { BatchOptions } from "./batches.ts";
export { trainingBatch } from "./batches.ts";
export type {
  GateDecision,
  GateEvaluations,
  GateMetric,
  GateOptions,
  GateOutcome,
  GateState,
} from "./gate.ts";
export { GATE_METRICS, gateScore, isGateMetric, runGate } from "./gate.ts";
/** Re-exported because the loop's public API takes or returns them. */
export type * from "../judge/mod.ts";
