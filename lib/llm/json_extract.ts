/**
 * Tolerant extraction of one JSON object from an LLM answer (paper-method §3.3, §4.5): the one
 * implementation behind structured output, the judge parser and the optimizer's instruction set.
 *
 * @module
 */
import type { ParseOutcome } from "../schema.ts";

/** A parsed JSON object with the source text of each primitive value. */
export interface ExtractedJson {
  /** The parsed value (an object; arrays are rejected). */
  value: Record<string, unknown>;
  /**
   * Source text of primitive values by key (e.g. `"4.0"` for `4.0`, `"\"4\""` for `"4"`), so a
   * caller can tell how a number was written. Nested keys overwrite outer ones with equal names.
   */
  sources: Record<string, string>;
}

/** Options of {@linkcode extractJsonObject}. */
export interface ExtractJsonOptions {
  /** Also try with every newline replaced by a space (raw newlines inside strings). */
  newlinesToSpaces?: boolean;
}

const FENCE = /```[a-zA-Z0-9_-]*\s*\n?([\s\S]*?)```/;
const QUOTES = /^["'\u201c\u201d\u2018\u2019`]+|["'\u201c\u201d\u2018\u2019`]+$/g;

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

function parseWithSources(text: string): ExtractedJson | undefined {
  const sources: Record<string, string> = {};
  const reviver: Reviver = (key, value, context) => {
    if (context?.source !== undefined) sources[key] = context.source;
    return value;
  };
  try {
    const value: unknown = JSON.parse(text, reviver as (key: string, value: unknown) => unknown);
    if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
    return { value: value as Record<string, unknown>, sources };
  } catch {
    return undefined;
  }
}

/**
 * Finds and parses the JSON object in `text`: the content of a code fence when it holds a `{`,
 * else the span from the first `{` to the last `}`; surrounding quote characters are stripped;
 * `JSON.parse` is tried as is, then with `{{`/`}}` collapsed to single braces (and, when asked,
 * with newlines turned into spaces).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { extractJsonObject } from "./json_extract.ts";
 * const outcome = extractJsonObject('Sure!\n~~~json\n{"fluency": 4.0}\n~~~'.replaceAll("~", "`"));
 * assert.ok(outcome.ok && outcome.value.value.fluency === 4);
 * assert.ok(outcome.ok && outcome.value.sources.fluency === "4.0");
 * ```
 */
export function extractJsonObject(
  text: string,
  options: ExtractJsonOptions = {},
): ParseOutcome<ExtractedJson> {
  let body = text.trim();
  const fence = FENCE.exec(body);
  if (fence && fence[1].includes("{")) body = fence[1].trim();
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  if (start < 0 || end <= start) {
    return { ok: false, issues: ["no JSON object found in the answer"] };
  }
  const span = body.slice(start, end + 1).replace(QUOTES, "");
  const attempts = [span, span.replaceAll("{{", "{").replaceAll("}}", "}")];
  if (options.newlinesToSpaces) attempts.push(...attempts.map((a) => a.replace(/\r?\n/g, " ")));
  for (const attempt of attempts) {
    const parsed = parseWithSources(attempt);
    if (parsed) return { ok: true, value: parsed };
  }
  return { ok: false, issues: ["the JSON object in the answer does not parse"] };
}
