/**
 * Structured output: find the JSON object in an answer, validate it, and re-ask on failure.
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
import type { ChatRequest, ChatResult, StructuredResult } from "./types.ts";

/** Options of {@linkcode askStructured}. */
export interface AskStructuredOptions<T> {
  /** Parses and validates one answer. */
  parse: (text: string) => ParseOutcome<T>;
  /** Re-asks after a failed attempt (so at most `reask + 1` calls). */
  reask: number;
}

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

/**
 * The follow-up request after a failed attempt: the conversation, the raw answer as the
 * assistant's turn, and a user turn naming the issues.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reaskRequest } from "./structured.ts";
 * const next = reaskRequest({ role: "judge", messages: [{ role: "user", content: "Rate." }] },
 *   "about four", ["no JSON object found in the answer"], 1);
 * assert(next.messages.length === 3 && next.messages[1].content === "about four");
 * ```
 */
export function reaskRequest(
  request: ChatRequest,
  raw: string,
  issues: readonly string[],
  attempt: number,
): ChatRequest {
  const problems = issues.map((issue) => `- ${issue}`).join("\n");
  const content = "Your previous answer could not be used:\n" + problems +
    "\nAnswer again with only the corrected JSON object, nothing before or after it.";
  return {
    ...request,
    messages: [
      ...request.messages,
      { role: "assistant", content: raw },
      { role: "user", content },
    ],
    label: `${request.label ?? request.role} (re-ask ${attempt})`,
  };
}

/**
 * Sends `request` through `send` until an answer parses, re-asking at most `options.reask`
 * times. `send` returns truncated answers with `finishReason: "length"` instead of throwing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { askStructured, parseStructured } from "./structured.ts";
 * import type { ChatResult } from "./types.ts";
 * const answers = ["four", '{"score": 4}'];
 * const send = (): Promise<ChatResult> => Promise.resolve({
 *   text: answers.shift()!, finishReason: "stop", model: "m", cached: false, dryRun: true, key: "k",
 *   usage: { inputTokens: 1, outputTokens: 1, estimated: true },
 * });
 * const schema = z.object({ score: z.number() });
 * const result = await askStructured(send, { role: "judge", messages: [] },
 *   { parse: (text) => parseStructured(text, schema), reask: 2 });
 * assert(result.ok && result.attempts === 2);
 * ```
 */
export async function askStructured<T>(
  send: (request: ChatRequest) => Promise<ChatResult>,
  request: ChatRequest,
  options: AskStructuredOptions<T>,
): Promise<StructuredResult<T>> {
  let current = request;
  for (let attempt = 1;; attempt++) {
    const result = await send(current);
    const outcome = checkAnswer(result, options.parse);
    if (outcome.ok) return { ok: true, value: outcome.value, result, attempts: attempt };
    if (attempt > options.reask) {
      return { ok: false, issues: outcome.issues, raw: result.text, result, attempts: attempt };
    }
    // The conversation grows with every attempt, so a re-ask never repeats an earlier request
    // (which the call cache would answer with the same unusable text).
    current = reaskRequest(
      { ...request, messages: current.messages },
      result.text,
      outcome.issues,
      attempt,
    );
  }
}

function checkAnswer<T>(
  result: ChatResult,
  parse: (text: string) => ParseOutcome<T>,
): ParseOutcome<T> {
  if (result.finishReason === "length") {
    return {
      ok: false,
      issues: ["the answer was cut off at the token limit; answer much shorter"],
    };
  }
  return parse(result.text);
}
