/**
 * Structured output: find the JSON object in an answer and validate it. The re-asks are the kit's
 * one re-ask mechanism, {@linkcode askUntilValid} (`askStructured` and `reaskRequest` are
 * re-exported from there).
 *
 * Extraction follows the judge parser of the paper: the content of a code fence when it holds a
 * `{`, else the text from the first `{` to the last `}`, with surrounding quotes stripped and a
 * `{{`/`}}` fallback for answers that copied template braces. A failed attempt (unparseable, invalid,
 * or cut at the token limit) is answered by re-asking: the raw answer is appended as the assistant's
 * turn, followed by a user turn naming the issues. The final failure is data, not an exception.
 *
 * @module
 */
import type { ParseOutcome, Schema } from "../schema.ts";
import { validate } from "../schema.ts";
import { extractJsonObject } from "./json_extract.ts";
export { askStructured, type AskStructuredOptions, reaskRequest } from "./ask_until_valid.ts";

/**
 * Extracts and parses the JSON object in an LLM answer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractJson } from "./structured.ts";
 * const fence = "`".repeat(3);
 * const outcome = extractJson(`Scores:\n${fence}json\n{"fluency": 4}\n${fence}`);
 * assert(outcome.ok && (outcome.value as { fluency: number }).fluency === 4);
 * ```
 */
export function extractJson(text: string): ParseOutcome<unknown> {
  const extracted = extractJsonObject(text);
  return extracted.ok ? { ok: true, value: extracted.value.value } : extracted;
}

/**
 * Extracts the JSON object in `text` and validates it with `schema`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { parseStructured } from "./structured.ts";
 * const outcome = parseStructured('{"fluency": "high"}', z.object({ fluency: z.number() }));
 * assert(!outcome.ok && outcome.issues[0].startsWith("fluency:"));
 * ```
 */
export function parseStructured<T>(text: string, schema: Schema<T>): ParseOutcome<T> {
  const json = extractJson(text);
  return json.ok ? validate(schema, json.value) : json;
}
