/**
 * The judge prompt of field-masked judging: the sample first, one criterion's instruction last,
 * so that the per-criterion calls on one sample share a long common prefix (an endpoint's prompt
 * cache can serve it) and no call shows another criterion's instruction.
 *
 * @module
 */
import type { DatasetSpec, Example } from "../data/types.ts";
import type { ChatMessage } from "../llm/types.ts";
import type { PromptState } from "./prompt_state.ts";
import { renderJudgeSystem, renderSampleFields } from "./render.ts";

/**
 * The messages of one field-masked judge call: a system part without any instruction, the
 * sample, then the output format and instruction of `criterion` alone.
 *
 * @throws {RangeError} When the prompt has no instruction for `criterion`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fieldMaskedMessages } from "./field_masked.ts";
 * import { seedPrompt } from "./prompt_state.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate.", seedInstruction: "Rate.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: ["fluency", "coherence"].map((name) => ({ name, description: "",
 *     scale: { min: 1, max: 5 } })),
 * };
 * const prompt = { ...seedPrompt(spec), instructions: { fluency: "F!", coherence: "C!" } };
 * const example = { id: "1", itemId: "1", group: "g", inputs: { text: "Hi." }, labels: {} };
 * const [a, b] = ["fluency", "coherence"].map((c) => fieldMaskedMessages(spec, prompt, example, c));
 * assert.deepEqual(a.slice(0, 2), b.slice(0, 2)); // the shared prefix
 * assert.ok(a[2].content.includes("F!") && !a.some((m) => m.content.includes("C!")));
 * ```
 */
export function fieldMaskedMessages(
  spec: DatasetSpec,
  prompt: PromptState,
  example: Example,
  criterion: string,
): ChatMessage[] {
  // The joint system prompt for this criterion alone, split: the directive (shared by every
  // call on the sample) goes first, the output format and the instruction after the sample.
  const own = renderJudgeSystem(spec, prompt, { criteria: [criterion] }).split("\n\n");
  const [directive, answerRule, ...tail] = own;
  return [
    {
      role: "system",
      content: `${directive}\n\n${answerRule}\n\nThe sample comes first; the criterion to score ` +
        "and its instruction follow it.",
    },
    { role: "user", content: renderSampleFields(spec, example, "## Sample:") },
    { role: "user", content: `${tail.join("\n\n")}\n\n## Response:` },
  ];
}
