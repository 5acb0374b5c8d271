/**
 * The optimisation variable: one instruction per criterion.
 *
 * @module
 */
import type { Criterion, DatasetSpec } from "../data/types.ts";

/** The mutable part of the judge prompt. Everything else in the prompt is frozen data of the spec. */
export interface PromptState {
  /** One instruction per criterion name (the optimisation variable). */
  instructions: Record<string, string>;
  /** Whether the judge prompt shows the output-format block. */
  showOutputFormat: boolean;
}

/**
 * The seed instruction of one criterion: the spec's template with `{min}`, `{max}` and
 * `{criterion}` substituted.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedInstruction } from "./prompt_state.ts";
 * const text = seedInstruction("Rate from {min} to {max}.", {
 *   name: "fluency", description: "", scale: { min: 1, max: 5 },
 * });
 * assert.ok(text === "Rate from 1 to 5.");
 * ```
 */
export function seedInstruction(template: string, criterion: Criterion): string {
  return template
    .replaceAll("{min}", String(criterion.scale.min))
    .replaceAll("{max}", String(criterion.scale.max))
    .replaceAll("{criterion}", criterion.name);
}

/**
 * The seed prompt: every criterion (or the given subset, e.g. one for a Single run) starts with
 * the spec's seed instruction, and the output-format block is shown.
 *
 * @throws {RangeError} When a requested criterion is not in the spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedPrompt } from "./prompt_state.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate.", seedInstruction: "Rate from {min} to {max}.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [{ name: "fluency", description: "", scale: { min: 1, max: 5 } }],
 * };
 * assert.ok(seedPrompt(spec).instructions.fluency === "Rate from 1 to 5.");
 * ```
 */
export function seedPrompt(spec: DatasetSpec, criteria?: string[]): PromptState {
  const chosen = selectCriteria(spec, criteria);
  const instructions: Record<string, string> = {};
  for (const criterion of chosen) {
    instructions[criterion.name] = seedInstruction(spec.seedInstruction, criterion);
  }
  return { instructions, showOutputFormat: true };
}

/**
 * The spec's criteria restricted to `names` (all when omitted), in spec order.
 *
 * @throws {RangeError} When a name is not a criterion of the spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { selectCriteria } from "./prompt_state.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate.", seedInstruction: "Rate.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [
 *     { name: "a", description: "", scale: { min: 1, max: 5 } },
 *     { name: "b", description: "", scale: { min: 1, max: 5 } },
 *   ],
 * };
 * assert.ok(selectCriteria(spec, ["b", "a"]).map((c) => c.name).join() === "a,b");
 * ```
 */
export function selectCriteria(spec: DatasetSpec, names?: readonly string[]): Criterion[] {
  if (names === undefined) return [...spec.criteria];
  const known = new Set(spec.criteria.map((c) => c.name));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new RangeError(
      `unknown criteria for dataset ${spec.name}: ${unknown.join(", ")} ` +
        `(known: ${[...known].join(", ")})`,
    );
  }
  return spec.criteria.filter((c) => names.includes(c.name));
}

/**
 * The criteria a prompt holds instructions for, in spec order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { promptCriteria } from "./prompt_state.ts";
 * const spec = {
 *   name: "toy", directive: "Evaluate.", seedInstruction: "Rate.",
 *   inputs: [{ key: "text", label: "Text" }],
 *   criteria: [
 *     { name: "a", description: "", scale: { min: 1, max: 5 } },
 *     { name: "b", description: "", scale: { min: 1, max: 5 } },
 *   ],
 * };
 * const prompt = { instructions: { b: "x" }, showOutputFormat: true };
 * assert.ok(promptCriteria(spec, prompt).join() === "b");
 * ```
 */
export function promptCriteria(spec: DatasetSpec, prompt: PromptState): string[] {
  return spec.criteria.map((c) => c.name).filter((name) => name in prompt.instructions);
}
