/**
 * Running the judge on examples: one call per example, all fired at once (the LLM layer
 * schedules them), with a re-ask policy for unusable answers.
 *
 * @module
 */
import type { DatasetSpec, Example } from "../data/types.ts";
import type {
  CallPriority,
  ChatMessage,
  ChatRequest,
  JsonSchemaFormat,
  LlmGateway,
} from "../llm/types.ts";
import { askUntilValid } from "../llm/ask_until_valid.ts";
import { type JudgeParse, parseJudgeOutput, type ScoreScale } from "./parse.ts";
import { promptCriteria, type PromptState, selectCriteria } from "./prompt_state.ts";
import { judgeMessages } from "./render.ts";
import { fieldMaskedMessages } from "./field_masked.ts";

/** The judge's scores for one example. */
export interface JudgePrediction {
  /** {@linkcode Example.id} of the scored example. */
  exampleId: string;
  /** Score per criterion; `null` when missing (unparseable, absent key, out of scale). Never 0. */
  scores: Record<string, number | null>;
  /** Accepted values as written (Python `str()` form), see {@linkcode JudgeParse.literals}. */
  literals: Record<string, string>;
  /** The judge's raw answer (the last parseable one). */
  raw: string;
  /** Why the prediction is incomplete, when it is. */
  error?: string;
  /** True when no answer held a readable JSON object (a parse failure, not a missing key). */
  unparseable?: boolean;
  /** Calls made (1 + re-asks). */
  attempts: number;
  /**
   * Cache key of the call that produced `raw` ("" when no call succeeded); with a per-criterion
   * strategy, the keys of the per-criterion calls joined with commas.
   */
  callKey: string;
  /** True when the answer came from the dry-run backend. */
  dryRun: boolean;
}

/** Options of {@linkcode judgeExamples}. */
export interface JudgeOptions {
  /** Criteria to score (default: those the prompt has instructions for). */
  criteria?: string[];
  /**
   * Draw key of the calls (see `ChatRequest.draw`), e.g. `r1/s3/train`. Each example's call
   * appends `/<example id>`, so two rows with the same inputs are separate samples.
   */
  draw?: string;
  /**
   * Let examples with identical inputs share one sample: the draw key holds no row identity, so
   * the call cache answers the repeat (a deliberate saving). Default false.
   */
  shareIdenticalInputs?: boolean;
  /** Send the prompt as one user message instead of system + user (the paper's layout). */
  singleMessage?: boolean;
  /** Keep numeric scores outside the scale (the paper scores them) instead of dropping them. */
  keepOffScale?: boolean;
  /** Re-ask by resending the same prompt as a new sample instead of extending the conversation. */
  resendOnReask?: boolean;
  /** Re-asks after an unusable or incomplete answer. Default 2 (the paper profile uses 0). */
  reask?: number;
  /** Prefix of each call's label, e.g. `run 1 step 3 train`. */
  label?: string;
  /** Cancels the calls. */
  signal?: AbortSignal;
  /** Scheduling class of the calls (default `critical`; test evaluations are `bulk`). */
  priority?: CallPriority;
  /**
   * `json_schema` asks the endpoint for constrained decoding with {@linkcode judgeSchema} (one
   * integer enum per criterion); default `off`: free text, parsed tolerantly as in the paper.
   */
  structuredOutput?: JudgeStructuredOutput;
  /**
   * How the criteria are asked for: `joint` (default, the paper) one call with every
   * instruction; `per-criterion` one call per criterion showing only its instruction;
   * `field-masked` one call per criterion with the sample first and only that criterion's
   * instruction last (a shared prefix for the endpoint's prompt cache).
   */
  strategy?: JudgeStrategy;
}

/** How the judge asks for the criteria: one joint call, or one call per criterion. */
export type JudgeStrategy = "joint" | "per-criterion" | "field-masked";

/** How the judge asks for its scores: free text (`off`, the paper) or a strict JSON schema. */
export type JudgeStructuredOutput = "off" | "json_schema";

/**
 * The strict JSON schema of a judge answer: one required integer enum per criterion (its scale),
 * no other property. OpenAI-style strict decoding can then only produce valid scores.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgeSchema } from "./predict.ts";
 * const format = judgeSchema([{ name: "fluency", min: 1, max: 3 }]);
 * assert.deepEqual(format.schema.properties, { fluency: { type: "integer", enum: [1, 2, 3] } });
 * assert(format.schema.additionalProperties === false);
 * ```
 */
export function judgeSchema(
  criteria: readonly { name: string; min: number; max: number }[],
): JsonSchemaFormat {
  const range = (min: number, max: number) =>
    Array.from({ length: max - min + 1 }, (_, i) => min + i);
  return {
    name: "judge_scores",
    schema: {
      type: "object",
      properties: Object.fromEntries(
        criteria.map((c) => [c.name, { type: "integer", enum: range(c.min, c.max) }]),
      ),
      required: criteria.map((c) => c.name),
      additionalProperties: false,
    },
  };
}

/**
 * Builds the judge's request for one example (role `judge`, hint `judge`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgeRequest } from "./predict.ts";
 * import { seedPrompt } from "./prompt_state.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate.", seedInstruction: "Rate.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [{ name: "fluency", description: "", scale: { min: 1, max: 5 } }],
 * };
 * const example = { id: "e1", itemId: "e1", group: "g", inputs: { text: "Hi." }, labels: {} };
 * const request = judgeRequest(spec, seedPrompt(spec), example, { draw: "r1/s0/test" });
 * assert.ok(request.role === "judge" && request.hint?.kind === "judge");
 * ```
 */
export function judgeRequest(
  spec: DatasetSpec,
  prompt: PromptState,
  example: Example,
  options: JudgeOptions = {},
): ChatRequest {
  const criteria = selectCriteria(spec, options.criteria ?? promptCriteria(spec, prompt));
  const names = criteria.map((c) => c.name);
  const scales = criteria.map((c) => ({ name: c.name, min: c.scale.min, max: c.scale.max }));
  const draw = options.shareIdenticalInputs
    ? options.draw
    : options.draw === undefined
    ? `row/${example.id}`
    : `${options.draw}/${example.id}`;
  return {
    role: "judge",
    messages: options.strategy === "field-masked" && names.length === 1
      ? joinIfSingle(fieldMaskedMessages(spec, prompt, example, names[0]), options.singleMessage)
      : judgeMessages(spec, prompt, example, {
        criteria: names,
        singleMessage: options.singleMessage,
      }),
    draw,
    ...(options.structuredOutput === "json_schema" ? { jsonSchema: judgeSchema(scales) } : {}),
    hint: { kind: "judge", criteria: scales },
    label: `${options.label ? `${options.label} ` : ""}judge ex ${example.id}`,
    ...(options.priority === undefined ? {} : { priority: options.priority }),
  };
}

/** The messages as one user message when the profile sends every call that way. */
function joinIfSingle(messages: ChatMessage[], single: boolean | undefined): ChatMessage[] {
  if (!single) return messages;
  return [{ role: "user", content: messages.map((m) => m.content).join("\n\n") }];
}

function correction(criteria: string[]): (issues: string[]) => string {
  return (issues) =>
    `Your answer could not be used (${issues.join("; ")}). Answer again with only the JSON ` +
    `object, one integer score for each of: ${criteria.join(", ")}.`;
}

/**
 * Scores one example with the judge, re-asking per the policy.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgeExample } from "./predict.ts";
 * import { seedPrompt } from "./prompt_state.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate.", seedInstruction: "Rate.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [{ name: "fluency", description: "", scale: { min: 1, max: 5 } }],
 * };
 * const llm = {
 *   complete: () => Promise.resolve({ text: '{"fluency": 4}', finishReason: "stop", model: "m",
 *     usage: { inputTokens: 1, outputTokens: 1, estimated: true }, cached: false, dryRun: true,
 *     key: "k1" }),
 * };
 * const example = { id: "e1", itemId: "e1", group: "g", inputs: { text: "Hi." }, labels: {} };
 * const prediction = await judgeExample(llm, spec, seedPrompt(spec), example);
 * assert.ok(prediction.scores.fluency === 4 && prediction.callKey === "k1");
 * ```
 */
export async function judgeExample(
  llm: LlmGateway,
  spec: DatasetSpec,
  prompt: PromptState,
  example: Example,
  options: JudgeOptions = {},
): Promise<JudgePrediction> {
  const criteria = selectCriteria(spec, options.criteria ?? promptCriteria(spec, prompt));
  const names = criteria.map((c) => c.name);
  if ((options.strategy ?? "joint") !== "joint" && names.length > 1) {
    const parts = await Promise.all(
      names.map((name) =>
        judgeExample(llm, spec, prompt, example, { ...options, criteria: [name] })
      ),
    );
    return joinPredictions(example.id, parts);
  }
  const request = judgeRequest(spec, prompt, example, options);
  const scales: Record<string, ScoreScale> = Object.fromEntries(
    criteria.map((c) => [c.name, c.scale]),
  );
  const outcome = await askUntilValid<JudgeParse>(
    llm,
    request,
    (text) => parseJudgeOutput(text, names, options.keepOffScale ? {} : { scales }),
    {
      reask: options.reask ?? 2,
      followUp: options.resendOnReask ? "resend" : "extend",
      signal: options.signal,
      complete: (parsed) => Object.entries(parsed.dropped).map(([c, why]) => `${c}: ${why}`),
      correction: correction(names),
    },
  );
  const scores: Record<string, number | null> = {};
  for (const name of names) scores[name] = outcome.value?.scores[name] ?? null;
  const prediction: JudgePrediction = {
    exampleId: example.id,
    scores,
    literals: outcome.value?.literals ?? {},
    raw: outcome.raw,
    attempts: outcome.attempts,
    callKey: outcome.result?.key ?? "",
    dryRun: outcome.result?.dryRun ?? false,
  };
  if (outcome.issues.length > 0) prediction.error = outcome.issues.join("; ");
  if (outcome.value === undefined) prediction.unparseable = true;
  return prediction;
}

/**
 * Scores every example with the judge. All calls are fired at once; the LLM layer schedules them.
 * The result is in input order. Missing scores are `null` and the prediction carries `error`.

 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgeExamples } from "./predict.ts";
 * import { seedPrompt } from "./prompt_state.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate.", seedInstruction: "Rate.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [{ name: "fluency", description: "", scale: { min: 1, max: 5 } }],
 * };
 * const llm = {
 *   complete: () => Promise.resolve({ text: "I cannot say", finishReason: "stop", model: "m",
 *     usage: { inputTokens: 1, outputTokens: 1, estimated: true }, cached: false, dryRun: true,
 *     key: "k" }),
 * };
 * const example = { id: "e1", itemId: "e1", group: "g", inputs: { text: "Hi." }, labels: {} };
 * const [prediction] = await judgeExamples(llm, spec, seedPrompt(spec), [example], { reask: 0 });
 * assert.ok(prediction.scores.fluency === null && prediction.error !== undefined);
 * ```
 */
export function judgeExamples(
  llm: LlmGateway,
  spec: DatasetSpec,
  prompt: PromptState,
  examples: readonly Example[],
  options: JudgeOptions = {},
): Promise<JudgePrediction[]> {
  const limit = llm.maxInFlight;
  if (limit === undefined || examples.length <= limit) {
    return Promise.all(
      examples.map((example) => judgeExample(llm, spec, prompt, example, options)),
    );
  }
  // At most `limit` rows in flight; predictions keep the examples' order.
  const predictions: JudgePrediction[] = new Array(examples.length);
  let next = 0, failed = false;
  const worker = async () => {
    while (next < examples.length && !failed) {
      const index = next++;
      try {
        predictions[index] = await judgeExample(llm, spec, prompt, examples[index], options);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  return Promise.all(Array.from({ length: limit }, worker)).then(() => predictions);
}

/** One prediction from per-criterion predictions of one example. */
function joinPredictions(exampleId: string, parts: JudgePrediction[]): JudgePrediction {
  const errors = parts.filter((p) => p.error !== undefined).map((p) => p.error);
  return {
    exampleId,
    scores: Object.assign({}, ...parts.map((p) => p.scores)),
    literals: Object.assign({}, ...parts.map((p) => p.literals)),
    raw: parts.map((p) => p.raw).join("\n"),
    attempts: parts.reduce((sum, p) => sum + p.attempts, 0),
    callKey: parts.map((p) => p.callKey).join(","),
    dryRun: parts.some((p) => p.dryRun),
    ...(errors.length > 0 ? { error: errors.join("; ") } : {}),
    ...(parts.some((p) => p.unparseable) ? { unparseable: true } : {}),
  };
}
