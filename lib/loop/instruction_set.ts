/**
 * Parsing the C optimizer's answer: one JSON object of instructions (paper-method §4.5).
 *
 * @module
 */
import { z } from "zod";
import { extractJsonObject } from "../llm/json_extract.ts";
import { type ParseOutcome, validate } from "../schema.ts";

/** The instruction object the C optimizer must answer with. */
export interface InstructionSet {
  /** New instruction per criterion. */
  instructions: Record<string, string>;
}

const InstructionSetSchema: z.ZodType<InstructionSet> = z.object({
  instructions: z.record(z.string(), z.string().trim().min(1, "empty instruction")),
});

/** A parsed instruction set restricted to the expected criteria. */
export interface ParsedInstructions {
  /** Instructions of expected criteria found in the answer. */
  instructions: Record<string, string>;
  /** Expected criteria the answer lacks. */
  missing: string[];
  /** Keys of the answer that are not expected criteria (dropped). */
  ignored: string[];
}

function flatten(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim();
  if (value !== null && typeof value === "object") {
    const leaves = Object.values(value).map(flatten).filter((v): v is string => !!v);
    return leaves.join(" ");
  }
  return undefined;
}

function pickInstructions(value: Record<string, unknown>): Record<string, unknown> | undefined {
  for (const key of ["instructions", "instruction"]) {
    const inner = value[key];
    if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) {
      return inner as Record<string, unknown>;
    }
  }
  const values = Object.values(value);
  const allTexts = values.every((v) =>
    typeof v === "string" || (v !== null && typeof v === "object")
  );
  return values.length > 0 && allTexts ? value : undefined;
}

/**
 * Parses the C optimizer's answer: the JSON object (fenced or bare, raw newlines tolerated), its
 * `instructions` (or `instruction`, or top-level) dictionary, nested values flattened to text,
 * validated, restricted to `criteria`. Fails when no expected criterion has an instruction.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseInstructionSet } from "./instruction_set.ts";
 * const outcome = parseInstructionSet(
 *   '~~~json\n{"instructions": {"fluency": "Rate grammar.", "extra": "x"}}\n~~~'.replaceAll("~", "`"),
 *   ["fluency", "coherence"],
 * );
 * assert.ok(outcome.ok && outcome.value.instructions.fluency === "Rate grammar.");
 * assert.ok(outcome.ok && outcome.value.missing.join() === "coherence");
 * ```
 */
export function parseInstructionSet(
  text: string,
  criteria: readonly string[],
): ParseOutcome<ParsedInstructions> {
  const extracted = extractJsonObject(text, { newlinesToSpaces: true });
  if (!extracted.ok) return extracted;
  const picked = pickInstructions(extracted.value.value);
  if (!picked) return { ok: false, issues: ['no "instructions" object in the answer'] };
  const flat: Record<string, string> = {};
  for (const [key, value] of Object.entries(picked)) {
    const textValue = flatten(value);
    if (textValue) flat[key] = textValue;
  }
  const validated = validate(InstructionSetSchema, { instructions: flat });
  if (!validated.ok) return validated;
  const all = validated.value.instructions;
  const instructions: Record<string, string> = {};
  for (const c of criteria) if (c in all) instructions[c] = all[c];
  const found = Object.keys(instructions);
  if (found.length === 0) {
    return {
      ok: false,
      issues: [`no instruction for any expected criterion (${criteria.join(", ")})`],
    };
  }
  return {
    ok: true,
    value: {
      instructions,
      missing: criteria.filter((c) => !(c in instructions)),
      ignored: Object.keys(all).filter((k) => !criteria.includes(k)),
    },
  };
}

/**
 * Cleans the S optimizer's plain-text answer: trims and strips surrounding quotes and backticks.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cleanInstruction } from "./instruction_set.ts";
 * assert.ok(cleanInstruction('  "Rate grammar."\n') === "Rate grammar.");
 * ```
 */
export function cleanInstruction(text: string): string {
  return text.trim().replace(/^["'`\u201c\u201d]+|["'`\u201c\u201d]+$/g, "").trim();
}
