/**
 * Instruction-length logging (paper-method §8: the optimizer's instructions grow from a few words to
 * hundreds).
 *
 * @module
 */
import type { InstructionLength } from "./types.ts";

/**
 * Characters and whitespace-separated words of each criterion's instruction.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { instructionLengths } from "./lengths.ts";
 * const [length] = instructionLengths({ fluency: "Rate from 1 to 5." });
 * assert.ok(length.chars === 17 && length.words === 5);
 * ```
 */
export function instructionLengths(instructions: Record<string, string>): InstructionLength[] {
  return Object.entries(instructions).map(([criterion, text]) => ({
    criterion,
    chars: text.length,
    words: text.trim() === "" ? 0 : text.trim().split(/\s+/).length,
  }));
}
