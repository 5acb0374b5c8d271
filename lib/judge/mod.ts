/**
 * The judge: the prompt as data ({@linkcode PromptState}), its rendering, the tolerant parser of
 * its answers, running it over examples with a re-ask policy, and evaluating a prompt.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJudgeResponse, renderJudgePrompt, seedPrompt } from "./mod.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate the text.", seedInstruction: "Rate from {min} to {max}.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [{ name: "fluency", description: "", scale: { min: 1, max: 5 } }],
 * };
 * const example = { id: "1", itemId: "1", group: "g", inputs: { text: "Hi." }, labels: {} };
 * assert.ok(renderJudgePrompt(spec, seedPrompt(spec), example).includes("## Instructions:"));
 * const parsed = parseJudgeResponse('{"fluency": "4"}', ["fluency"]);
 * assert.ok(parsed.ok && parsed.value.fluency === 4);
 * ```
 *
 * @module
 */
export type { PromptState } from "./prompt_state.ts";
export { promptCriteria, seedInstruction, seedPrompt, selectCriteria } from "./prompt_state.ts";
export type { RenderOptions } from "./render.ts";
export {
  judgeMessages,
  renderJudgeInput,
  renderJudgePrompt,
  renderJudgeSystem,
  renderSampleFields,
} from "./render.ts";
export type { JudgeParse, ParseJudgeOptions, ScoreScale } from "./parse.ts";
export { parseJudgeOutput, parseJudgeResponse } from "./parse.ts";
export type {
  JudgeOptions,
  JudgePrediction,
  JudgeStrategy,
  JudgeStructuredOutput,
} from "./predict.ts";
export { judgeExample, judgeExamples, judgeRequest, judgeSchema } from "./predict.ts";
export { fieldMaskedMessages } from "./field_masked.ts";
export type { EvaluateOptions, Evaluation } from "./evaluate.ts";
export { evaluatePrompt, JUDGE_METRICS, scorePredictions } from "./evaluate.ts";
/** Re-exported because the judge's public API takes or returns them. */
export type { Criterion, DatasetSpec, Example } from "../data/types.ts";
export type {
  ChatMessage,
  ChatRequest,
  ChatResult,
  CompleteOptions,
  JsonSchemaFormat,
  LlmGateway,
  OutputHint,
  Role,
  StructuredOptions,
  StructuredResult,
  TokenUsage,
} from "../llm/types.ts";
export type { MetricName } from "../metrics/registry.ts";
export type { MetricResult, UndefinedCorrelation } from "../metrics/types.ts";
export type { ParseOutcome, Schema, SchemaIssue } from "../schema.ts";
