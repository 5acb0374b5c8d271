/**
 * Loss prompts (paper-method §4.3): the loss sees predictions and labels only — never the input,
 * the instruction or the criterion's description.
 *
 * @module
 */
import { CRITIC_PREAMBLE } from "./preambles.ts";
import { type StagePrompt, tagged } from "../loop/stage_prompt.ts";

/** One criterion's prediction and label for one sample. */
export interface LossItem {
  /** Criterion name. */
  criterion: string;
  /** The judge's score, `null` when missing. */
  prediction: number | null;
  /** The score as the judge wrote it (Python `str()` form), when known. */
  literal?: string;
  /** The ground-truth label. */
  label: number;
}

/** Options of the loss prompt builders. */
export interface LossPromptOptions {
  /** Compare string forms (`4.0` ≠ `4`, the paper's quirk) instead of numbers. */
  stringEquality?: boolean;
}

/** Python's `str()` of a label (ints as `4`, other numbers as JS prints them). */
function labelText(label: number): string {
  return String(label);
}

function predictionText(item: LossItem): string {
  if (item.prediction === null) return "(missing)";
  return item.literal ?? String(item.prediction);
}

/**
 * Whether the prediction counts as correct: numeric equality, or string equality of the written
 * forms when `stringEquality` is set.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isCorrect } from "./loss_prompts.ts";
 * const item = { criterion: "fluency", prediction: 4, literal: "4.0", label: 4 };
 * assert.ok(isCorrect(item) && !isCorrect(item, { stringEquality: true }));
 * ```
 */
export function isCorrect(item: LossItem, options: LossPromptOptions = {}): boolean {
  if (item.prediction === null) return false;
  if (options.stringEquality) return predictionText(item) === labelText(item.label);
  return item.prediction === item.label;
}

/**
 * The comparison function's verdict: `CORRECT`, `INCORRECT (difference: d.dd)`, or
 * `INCORRECT (no prediction)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { verdict } from "./loss_prompts.ts";
 * const item = { criterion: "fluency", prediction: 4, literal: "4.0", label: 4 };
 * assert.ok(verdict(item, { stringEquality: true }) === "INCORRECT (difference: 0.00)");
 * assert.ok(verdict(item) === "CORRECT");
 * ```
 */
export function verdict(item: LossItem, options: LossPromptOptions = {}): string {
  if (item.prediction === null) return "INCORRECT (no prediction)";
  if (isCorrect(item, options)) return "CORRECT";
  return `INCORRECT (difference: ${Math.abs(item.prediction - item.label).toFixed(2)})`;
}

const OBJECTIVE = "Critique the variable in light of the function's output. The only aim is to " +
  "improve that output.";

/**
 * The S loss prompt: one criterion of one sample.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildSeparateLossPrompt } from "./loss_prompts.ts";
 * const prompt = buildSeparateLossPrompt({ criterion: "fluency", prediction: 3, label: 5 });
 * assert.ok(prompt.user.includes("INCORRECT (difference: 2.00)"));
 * assert.ok(prompt.user.includes('"fluency"'));
 * ```
 */
export function buildSeparateLossPrompt(
  item: LossItem,
  options: LossPromptOptions = {},
): StagePrompt {
  const user = [
    `Variable: the language model's prediction for the criterion "${item.criterion}". A ` +
    "comparison function has evaluated it; its inputs and output follow.",
    `The function checks whether the prediction equals the ground truth for "${item.criterion}".`,
    tagged(
      "INPUTS_TO_FUNCTION",
      `prediction: ${predictionText(item)}\nground truth: ${labelText(item.label)}`,
    ),
    tagged("OUTPUT_OF_FUNCTION", verdict(item, options)),
    tagged("OBJECTIVE_FUNCTION", OBJECTIVE),
    tagged("VARIABLE", predictionText(item)),
    "Say briefly how the prediction could be better. If it is correct, explain why; if not, say " +
    "what went wrong and what the correct prediction would have been.",
  ].join("\n\n");
  return { system: CRITIC_PREAMBLE, user };
}

/**
 * The C loss prompt: every criterion of one sample in one call.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildCombinedLossPrompt } from "./loss_prompts.ts";
 * const prompt = buildCombinedLossPrompt([
 *   { criterion: "fluency", prediction: 5, label: 5 },
 *   { criterion: "coherence", prediction: 2, label: 4 },
 * ]);
 * assert.ok(prompt.user.includes("1 of 2 correct"));
 * ```
 */
export function buildCombinedLossPrompt(
  items: readonly LossItem[],
  options: LossPromptOptions = {},
): StagePrompt {
  const names = items.map((i) => i.criterion);
  const correct = items.filter((i) => isCorrect(i, options)).length;
  const predictions = items.map((i) => `${i.criterion}: ${predictionText(i)}`).join("\n");
  const labels = items.map((i) => `${i.criterion}: ${labelText(i.label)}`).join("\n");
  const verdicts = items.map((i) => `${i.criterion}: ${verdict(i, options)}`).join("\n");
  const user = [
    `Variable: the language model's predictions for the criteria ${names.join(", ")}. A ` +
    "comparison function has evaluated them; its inputs and output follow.",
    "The function checks each prediction against the ground truth of its criterion.",
    tagged("INPUTS_TO_FUNCTION", `predictions:\n${predictions}\n\nground truths:\n${labels}`),
    tagged("OUTPUT_OF_FUNCTION", `${verdicts}\n${correct} of ${items.length} correct`),
    tagged("OBJECTIVE_FUNCTION", OBJECTIVE),
    tagged("VARIABLE", predictions),
    "For each criterion, say briefly why its prediction is correct, or what went wrong and what " +
    "it should have been.",
  ].join("\n\n");
  return { system: CRITIC_PREAMBLE, user };
}
