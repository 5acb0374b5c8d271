/**
 * Rendering the judge prompt from data (paper-method §3.1).
 *
 * The prompt is split in two messages: the **system** message holds everything that is the same
 * for every sample (directive, skeleton line, optional output-format block, instructions), the
 * **user** message holds the sample block and the response marker. The gradient and optimizer
 * stages show the system part as `<LM_SYSTEM_PROMPT>` and the user part as `<LM_INPUT>`, so the
 * split mirrors what those stages talk about. {@linkcode renderJudgePrompt} joins both parts into
 * the single text a reader sees.
 *
 * @module
 */
import type { Criterion, DatasetSpec, Example } from "../data/types.ts";
import type { ChatMessage } from "../llm/types.ts";
import { promptCriteria, type PromptState, selectCriteria } from "./prompt_state.ts";

/** Options of the render functions. */
export interface RenderOptions {
  /**
   * Criteria to show (a task filter, e.g. one criterion for the S-mode gradient view). Default:
   * every criterion the prompt holds an instruction for, in spec order.
   */
  criteria?: string[];
  /**
   * {@linkcode judgeMessages} sends everything as one user message (the paper's layout) instead
   * of a system and a user message. The text is the same either way.
   */
  singleMessage?: boolean;
}

/** Above this many admissible values the format block shows a range instead of listing them. */
const MAX_LISTED_VALUES = 11;

function allowedValues(criterion: Criterion): string {
  const { min, max } = criterion.scale;
  if (max - min + 1 > MAX_LISTED_VALUES) return `integer from ${min} to ${max}`;
  const values: number[] = [];
  for (let v = min; v <= max; v++) values.push(v);
  return values.join("|");
}

function shownCriteria(
  spec: DatasetSpec,
  prompt: PromptState,
  options: RenderOptions,
): Criterion[] {
  return selectCriteria(spec, options.criteria ?? promptCriteria(spec, prompt));
}

/**
 * The frozen-plus-instructions part of the judge prompt (the system message).
 *
 * @throws {RangeError} When a shown criterion has no instruction in `prompt`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderJudgeSystem } from "./render.ts";
 * import { seedPrompt } from "./prompt_state.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate the text.", seedInstruction: "Rate from {min} to {max}.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [{ name: "fluency", description: "", scale: { min: 1, max: 5 } }],
 * };
 * const system = renderJudgeSystem(spec, seedPrompt(spec));
 * assert.ok(system.includes("- fluency: Rate from 1 to 5."));
 * assert.ok(system.includes('"fluency": 1|2|3|4|5'));
 * ```
 */
export function renderJudgeSystem(
  spec: DatasetSpec,
  prompt: PromptState,
  options: RenderOptions = {},
): string {
  const criteria = shownCriteria(spec, prompt, options);
  const parts = [
    spec.directive.trim(),
    "Follow the Instructions below and answer with a JSON object holding the requested scores, " +
    "with no reasoning or explanation.",
  ];
  if (prompt.showOutputFormat) {
    const lines = criteria.map((c, i) =>
      `  "${c.name}": ${allowedValues(c)}${i < criteria.length - 1 ? "," : ""}`
    );
    parts.push(["## Output format (follow this exactly):", "{", ...lines, "}"].join("\n"));
  }
  const instructionLines = criteria.map((c) => {
    const instruction = prompt.instructions[c.name];
    if (instruction === undefined) {
      throw new RangeError(`the prompt has no instruction for criterion ${c.name}`);
    }
    return `- ${c.name}: ${instruction}`;
  });
  parts.push(["## Instructions:", ...instructionLines].join("\n"));
  return parts.join("\n\n");
}

/**
 * The sample part of the judge prompt (the user message): one `Label: value` line per input
 * field, then the response marker.
 *
 * @throws {RangeError} When the example lacks an input field of the spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderJudgeInput } from "./render.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate.", seedInstruction: "Rate.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [{ name: "fluency", description: "", scale: { min: 1, max: 5 } }],
 * };
 * const example = { id: "1", itemId: "1", group: "g", inputs: { text: "Hi." }, labels: {} };
 * assert.ok(renderJudgeInput(spec, example) === "## Sample:\nText: Hi.\n\n## Response:");
 * ```
 */
export function renderJudgeInput(spec: DatasetSpec, example: Example): string {
  return `${renderSampleFields(spec, example, "## Sample:")}\n\n## Response:`;
}

/**
 * The input fields of an example as `Label: value` lines, optionally under a heading. Used for
 * the judge's sample block and the `<LM_INPUT>` views of the later stages.
 *
 * @throws {RangeError} When the example lacks an input field of the spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderSampleFields } from "./render.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate.", seedInstruction: "Rate.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [{ name: "fluency", description: "", scale: { min: 1, max: 5 } }],
 * };
 * const example = { id: "1", itemId: "1", group: "g", inputs: { text: "Hi." }, labels: {} };
 * assert.ok(renderSampleFields(spec, example) === "Text: Hi.");
 * ```
 */
export function renderSampleFields(spec: DatasetSpec, example: Example, heading?: string): string {
  const lines = spec.inputs.map(({ key, label }) => {
    const value = example.inputs[key];
    if (value === undefined) {
      throw new RangeError(`example ${example.id} has no input field "${key}"`);
    }
    return `${label}: ${value}`;
  });
  return (heading === undefined ? lines : [heading, ...lines]).join("\n");
}

/**
 * The judge's chat messages for one example: system (directive, format, instructions) and user
 * (sample, response marker); with `singleMessage`, one user message holding both parts joined by a
 * blank line, as the paper sends it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { judgeMessages } from "./render.ts";
 * import { seedPrompt } from "./prompt_state.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate.", seedInstruction: "Rate.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [{ name: "fluency", description: "", scale: { min: 1, max: 5 } }],
 * };
 * const example = { id: "1", itemId: "1", group: "g", inputs: { text: "Hi." }, labels: {} };
 * const messages = judgeMessages(spec, seedPrompt(spec), example);
 * assert.ok(messages.map((m) => m.role).join() === "system,user");
 * ```
 */
export function judgeMessages(
  spec: DatasetSpec,
  prompt: PromptState,
  example: Example,
  options: RenderOptions = {},
): ChatMessage[] {
  const system = renderJudgeSystem(spec, prompt, options);
  const user = renderJudgeInput(spec, example);
  if (options.singleMessage) return [{ role: "user", content: `${system}\n\n${user}` }];
  return [{ role: "system", content: system }, { role: "user", content: user }];
}

/**
 * The whole judge prompt for one example as one text (system part, blank line, user part).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderJudgePrompt } from "./render.ts";
 * import { seedPrompt } from "./prompt_state.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate.", seedInstruction: "Rate.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [{ name: "fluency", description: "", scale: { min: 1, max: 5 } }],
 * };
 * const example = { id: "1", itemId: "1", group: "g", inputs: { text: "Hi." }, labels: {} };
 * const text = renderJudgePrompt(spec, seedPrompt(spec), example);
 * assert.ok(text.startsWith("Evaluate.") && text.endsWith("## Response:"));
 * ```
 */
export function renderJudgePrompt(
  spec: DatasetSpec,
  prompt: PromptState,
  example: Example,
  options: RenderOptions = {},
): string {
  return judgeMessages(spec, prompt, example, { ...options, singleMessage: true })[0].content;
}
