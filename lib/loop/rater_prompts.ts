/**
 * The two diagnostic raters' prompts and their answer parser (paper-method §7.4, §7.5). The prompts
 * follow the structure the paper describes, in the kit's own wording: gradient specificity rates
 * how focused a textual gradient is on one target criterion; feedback adherence rates how far a
 * rewritten instruction implements a gradient.
 *
 * @module
 */

/** Lowest and highest rating a rater may give. */
export const RATING_SCALE = { min: 1, max: 10 } as const;

/** Inputs of {@linkcode specificityPrompt}. */
export interface SpecificityInput {
  /** The criterion the gradient is rated against. */
  target: string;
  /** Every criterion of the task (the target among them). */
  criteria: string[];
  /** The gradient text (all gradients stored for the unit, joined with blank lines). */
  gradient: string;
}

/**
 * The gradient-specificity rater prompt for one (run, step, criterion) unit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { specificityPrompt } from "./rater_prompts.ts";
 * const prompt = specificityPrompt({
 *   target: "fluency", criteria: ["fluency", "coherence"], gradient: "Name the grammar errors.",
 * });
 * assert.ok(prompt.includes("## The Gradient\nName the grammar errors."));
 * assert.ok(prompt.includes('"fluency"') && prompt.includes("coherence"));
 * ```
 */
export function specificityPrompt(input: SpecificityInput): string {
  return [
    "You are auditing feedback written to improve the instructions of an LLM judge.",
    'The feedback (a textual "gradient") should help the judge on ONE evaluation criterion. ' +
    "Your job: measure how focused it is on that criterion, as opposed to diluted by generic " +
    "advice or by advice that belongs to other criteria.",
    "",
    `Target criterion: "${input.target}"`,
    `All criteria the judge scores: ${input.criteria.map((c) => `"${c}"`).join(", ")}`,
    "",
    "Rate the focus from 1 to 10:",
    `- 1: entirely generic, or mostly about criteria other than "${input.target}".`,
    "- 4: mentions the target, but most of the advice is generic or about other criteria.",
    "- 7: mostly about the target, with some generic or off-target advice mixed in.",
    `- 10: sharply focused on "${input.target}", with concrete fixes specific to it.`,
    "",
    "## The Gradient",
    input.gradient,
    "",
    "Answer with a single integer from 1 to 10 and nothing else.",
  ].join("\n");
}

/** Inputs of {@linkcode adherencePrompt}. */
export interface AdherenceInput {
  /** The criterion whose instruction was rewritten. */
  criterion: string;
  /** The incumbent instruction at that step. */
  oldInstruction: string;
  /** The optimizer's candidate instruction (accepted or not). */
  newInstruction: string;
  /** The gradient the optimizer was given (as rated for specificity). */
  gradient: string;
}

/**
 * The feedback-adherence rater prompt for one (run, step, criterion) unit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adherencePrompt } from "./rater_prompts.ts";
 * const prompt = adherencePrompt({
 *   criterion: "fluency", oldInstruction: "Rate 1-5.", newInstruction: "Rate 1-5; punish typos.",
 *   gradient: "Mention typos.",
 * });
 * assert.ok(prompt.indexOf("## Old Instructions") < prompt.indexOf("## New Instructions"));
 * assert.ok(prompt.includes("## Gradient (Suggested Changes)\nMention typos."));
 * ```
 */
export function adherencePrompt(input: AdherenceInput): string {
  return [
    "You are checking whether an instruction rewrite follows the feedback it was given.",
    `The instructions below belong to an LLM judge that scores "${input.criterion}". An ` +
    'optimizer received the feedback (a textual "gradient") and rewrote the old instructions ' +
    "into the new ones. The feedback may contain suggestions about several criteria: only the " +
    `suggestions relevant to "${input.criterion}" count.`,
    "",
    "Rate from 1 to 10 how well the new instructions implement the relevant suggestions:",
    "- 1: the rewrite ignores or contradicts the feedback.",
    "- 4: a few suggestions are reflected, most are missing or distorted.",
    "- 7: most suggestions are implemented, some imprecisely.",
    "- 10: every relevant point is addressed precisely, and what already worked is preserved.",
    "",
    "## Old Instructions",
    input.oldInstruction,
    "",
    "## New Instructions",
    input.newInstruction,
    "",
    "## Gradient (Suggested Changes)",
    input.gradient,
    "",
    "Answer with a single integer from 1 to 10 and nothing else.",
  ].join("\n");
}

/**
 * The rating in a rater's answer: the first integer of one or two digits (as the paper's scripts
 * read it). Out of 1–10 or absent → `null`: counted and excluded, never scored.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRating } from "./rater_prompts.ts";
 * assert.ok(parseRating("8") === 8);
 * assert.ok(parseRating("Rating: 10/10") === 10);
 * assert.ok(parseRating("0") === null && parseRating("about 15") === null);
 * assert.ok(parseRating("no idea") === null && parseRating("123") === null);
 * ```
 */
export function parseRating(answer: string): number | null {
  const match = /(?<!\d)\d{1,2}(?!\d)/.exec(answer);
  if (!match) return null;
  const value = Number(match[0]);
  return value >= RATING_SCALE.min && value <= RATING_SCALE.max ? value : null;
}
