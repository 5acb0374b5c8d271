/**
 * Gradient prompts (paper-method §4.4): the judge's inputs and outputs plus the critique, asking
 * for feedback on the instruction in three parts.
 *
 * @module
 */
import type { FeedbackSection } from "./feedback.ts";
import { CRITIC_PREAMBLE } from "./preambles.ts";
import { type StagePrompt, tagged } from "../loop/stage_prompt.ts";

/** One exchange with the judge as a stage shows it. */
export interface ConversationView {
  /** The judge's system prompt (possibly filtered to one criterion). */
  system: string;
  /** The sample fields (`Label: value` lines). */
  input: string;
  /** The judge's output (raw JSON, or `criterion: value` for a filtered view). */
  output: string;
}

/** Inputs of {@linkcode buildSeparateGradientPrompt}. */
export interface SeparateGradientInput {
  /** The criterion whose instruction gets feedback. */
  criterion: string;
  /** The task-filtered conversation. */
  conversation: ConversationView;
  /** The loss critique of this criterion on this sample. */
  critique: string;
  /** The criterion's current instruction. */
  instruction: string;
}

/** Inputs of {@linkcode buildCombinedGradientPrompt}. */
export interface CombinedGradientInput {
  /** All criteria of the run. */
  criteria: readonly string[];
  /** The full conversation. */
  conversation: ConversationView;
  /** The labelled critiques of this sample. */
  sections: readonly FeedbackSection[];
  /** Current instruction per criterion. */
  instructions: Readonly<Record<string, string>>;
}

const BRIDGE = "This conversation is one part of a larger system; the output above was used as " +
  "the model's prediction.";

function conversationBlock(conversation: ConversationView): string {
  return [
    "Here is a conversation with the language model:",
    tagged("LM_SYSTEM_PROMPT", conversation.system),
    tagged("LM_INPUT", conversation.input),
    tagged("LM_OUTPUT", conversation.output),
    BRIDGE,
  ].join("\n\n");
}

function threeParts(subject: string): string {
  return [
    `Answer in exactly three paragraphs about ${subject}:`,
    "1. What works and must be kept.",
    "2. Which specific problems caused the wrong predictions.",
    "3. Concrete changes that fix those problems while keeping what works.",
  ].join("\n");
}

/**
 * The S gradient prompt: one criterion, one critique, a task-filtered conversation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildSeparateGradientPrompt } from "./gradient_prompts.ts";
 * const prompt = buildSeparateGradientPrompt({
 *   criterion: "fluency", critique: "Too high.", instruction: "Rate from 1 to 5.",
 *   conversation: { system: "- fluency: Rate from 1 to 5.", input: "Summary: x", output: "fluency: 5" },
 * });
 * assert.ok(prompt.user.includes("<OBJECTIVE_FUNCTION>") && prompt.user.includes("Too high."));
 * ```
 */
export function buildSeparateGradientPrompt(input: SeparateGradientInput): StagePrompt {
  const user = [
    tagged(
      "ROLE",
      `the instruction for "${input.criterion}" inside the language model's system prompt`,
    ),
    conversationBlock(input.conversation),
    tagged(
      "OBJECTIVE_FUNCTION",
      `Give feedback on the variable that responds to this critique of the output:\n${input.critique}`,
    ),
    `We want feedback on the "${input.criterion}" instruction used in this conversation, ` +
    "specifically on this text:",
    tagged("VARIABLE", input.instruction),
    threeParts("the instruction"),
  ].join("\n\n");
  return { system: CRITIC_PREAMBLE, user };
}

/**
 * The C gradient prompt: one sample, all criteria, the labelled critiques in one objective block.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildCombinedGradientPrompt } from "./gradient_prompts.ts";
 * const prompt = buildCombinedGradientPrompt({
 *   criteria: ["fluency", "coherence"],
 *   conversation: { system: "...", input: "Summary: x", output: '{"fluency": 5, "coherence": 2}' },
 *   sections: [{ label: "fluency", text: "Fine." }, { label: "coherence", text: "Too low." }],
 *   instructions: { fluency: "Rate.", coherence: "Rate." },
 * });
 * assert.ok(prompt.user.includes("Feedback for coherence:\nToo low."));
 * ```
 */
export function buildCombinedGradientPrompt(input: CombinedGradientInput): StagePrompt {
  const sections = input.sections.map((s) => `Feedback for ${s.label}:\n${s.text}`).join("\n\n");
  const variable = input.criteria.map((c) => `${c}: ${input.instructions[c] ?? ""}`).join("\n");
  const user = [
    tagged(
      "ROLE",
      `the instructions for the criteria (${input.criteria.join(", ")}) inside the language ` +
        "model's system prompt",
    ),
    conversationBlock(input.conversation),
    tagged(
      "OBJECTIVE_FUNCTION",
      `Give feedback on the variable that responds to these critiques of the output:\n\n${sections}`,
    ),
    "We want feedback on the criterion instructions used in this conversation, specifically on " +
    "this text:",
    tagged("VARIABLE", variable),
    threeParts("the instructions (refer to each criterion by name)"),
  ].join("\n\n");
  return { system: CRITIC_PREAMBLE, user };
}
