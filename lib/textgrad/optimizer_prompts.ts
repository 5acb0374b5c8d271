/**
 * Optimizer prompts (paper-method §4.5): the current instruction(s), how they were used (inputs
 * and outputs, no labels), and the gradients to act on.
 *
 * @module
 */
import type { FeedbackGroup } from "./feedback.ts";
import { REWRITER_PREAMBLE } from "./preambles.ts";
import { type StagePrompt, tagged } from "../loop/stage_prompt.ts";

/** One judged sample as the optimizer sees it: inputs and output, never the label. */
export interface ExchangeView {
  /** The sample fields. */
  input: string;
  /** The judge's output (raw, or `criterion: value` in a filtered view). */
  output: string;
}

/** Inputs of {@linkcode buildSeparateOptimizerPrompt}. */
export interface SeparateOptimizerInput {
  /** The criterion whose instruction is rewritten. */
  criterion: string;
  /** Its current instruction. */
  instruction: string;
  /** The judge's system prompt filtered to the criterion. */
  system: string;
  /** The batch's exchanges, filtered to the criterion. */
  exchanges: readonly ExchangeView[];
  /** The criterion's gradients. */
  bullets: readonly string[];
}

/** Inputs of {@linkcode buildCombinedOptimizerPrompt}. */
export interface CombinedOptimizerInput {
  /** The criteria whose instructions are rewritten, in order. */
  criteria: readonly string[];
  /** Current instruction per criterion. */
  instructions: Readonly<Record<string, string>>;
  /** The judge's full system prompt. */
  system: string;
  /** The batch's exchanges with the raw judge output. */
  exchanges: readonly ExchangeView[];
  /** Feedback groups (see `feedbackGroups`). */
  groups: readonly FeedbackGroup[];
}

function contextBlock(
  system: string,
  exchanges: readonly ExchangeView[],
  feedback: string,
): string {
  const conversations = exchanges.map((e) =>
    tagged("CONVERSATION", `${tagged("LM_INPUT", e.input)}\n${tagged("LM_OUTPUT", e.output)}`)
  );
  return tagged(
    "CONTEXT",
    [tagged("LM_SYSTEM_PROMPT", system), ...conversations, feedback].join("\n\n"),
  );
}

function bulletList(bullets: readonly string[]): string {
  return bullets.map((b) => `  - ${b}`).join("\n");
}

/**
 * The S optimizer prompt: rewrite one criterion's instruction; answer in plain text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildSeparateOptimizerPrompt } from "./optimizer_prompts.ts";
 * const prompt = buildSeparateOptimizerPrompt({
 *   criterion: "fluency", instruction: "Rate from 1 to 5.", system: "- fluency: Rate from 1 to 5.",
 *   exchanges: [{ input: "Summary: x", output: "fluency: 5" }], bullets: ["Name the scale's anchors."],
 * });
 * assert.ok(prompt.user.includes("  - Name the scale's anchors."));
 * ```
 */
export function buildSeparateOptimizerPrompt(input: SeparateOptimizerInput): StagePrompt {
  const feedback = `Feedback received for this instruction:\n${
    tagged("FEEDBACK", bulletList(input.bullets))
  }`;
  const user = [
    tagged(
      "ROLE",
      `the instruction for the "${input.criterion}" criterion inside the language model's system prompt`,
    ),
    tagged("VARIABLE", input.instruction),
    contextBlock(input.system, input.exchanges, feedback),
    `Rewrite the "${input.criterion}" instruction so that it addresses the feedback. Reply with ` +
    "the revised instruction only: no JSON, no quotation marks, no introduction or comment.",
  ].join("\n\n");
  return { system: REWRITER_PREAMBLE, user };
}

/**
 * The C optimizer prompt: rewrite every instruction at once; answer with one JSON object
 * `{"instructions": {...}}`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildCombinedOptimizerPrompt } from "./optimizer_prompts.ts";
 * const prompt = buildCombinedOptimizerPrompt({
 *   criteria: ["fluency"], instructions: { fluency: "Rate." }, system: "...",
 *   exchanges: [{ input: "Summary: x", output: '{"fluency": 5}' }],
 *   groups: [{ label: "fluency", bullets: ["Add anchors."] }],
 * });
 * assert.ok(prompt.user.includes('{"instructions": {"fluency": "<improved instruction>"}}'));
 * ```
 */
export function buildCombinedOptimizerPrompt(input: CombinedOptimizerInput): StagePrompt {
  const groups = input.groups
    .map((g) => `Feedback for "${g.label}":\n${bulletList(g.bullets)}`)
    .join("\n\n---\n\n");
  const feedback = `Feedback received for the criterion instructions:\n${
    tagged("FEEDBACK", groups)
  }`;
  const current: Record<string, string> = {};
  for (const c of input.criteria) current[c] = input.instructions[c] ?? "";
  const shape = `{"instructions": {${
    input.criteria.map((c) => `"${c}": "<improved instruction>"`).join(", ")
  }}}`;
  const user = [
    tagged("ROLE", "the set of criterion instructions inside the language model's system prompt"),
    tagged("VARIABLE", JSON.stringify(current, null, 2)),
    contextBlock(input.system, input.exchanges, feedback),
    "Improve the instructions using the feedback. Write exactly one improved set of instructions, " +
    "one per criterion, as a single JSON object and nothing else, shaped like:",
    shape,
  ].join("\n\n");
  return { system: REWRITER_PREAMBLE, user };
}
