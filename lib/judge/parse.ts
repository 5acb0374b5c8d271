/**
 * Parsing the judge's answer (paper-method §3.3): tolerant JSON extraction, numeric coercion,
 * strict criterion keys, scale check.
 *
 * @module
 */
import type { ParseOutcome } from "../schema.ts";
import { extractJsonObject } from "../llm/json_extract.ts";

/** An inclusive score scale. */
export interface ScoreScale {
  /** Lowest admissible score. */
  min: number;
  /** Highest admissible score. */
  max: number;
}

/** Options of {@linkcode parseJudgeOutput} and {@linkcode parseJudgeResponse}. */
export interface ParseJudgeOptions {
  /** Admissible range per criterion; a value outside it is dropped (missing). */
  scales?: Record<string, ScoreScale>;
}

/** The detailed result of parsing one judge answer. */
export interface JudgeParse {
  /** Accepted score per criterion (only criteria with a usable value). */
  scores: Record<string, number>;
  /**
   * How each accepted value was written, in Python's `str()` form (`4` for `4` or `"4"`, `4.0`
   * for `4.0` or `"4.0"`). The paper's loss compares these strings (the string-equality quirk).
   */
  literals: Record<string, string>;
  /** Why a criterion has no score (absent key, boolean, text, outside the scale). */
  dropped: Record<string, string>;
}

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Python's `str(float(x))` for ordinary magnitudes. */
function pythonFloat(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e16 ? `${value}.0` : String(value);
}

function coerce(value: unknown, source: string | undefined): [number, string] | string {
  if (typeof value === "boolean") return "a boolean is not a score";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "not a finite number";
    const written = source ?? String(value);
    return [value, INT.test(written) ? String(value) : pythonFloat(value)];
  }
  if (typeof value === "string") {
    const text = value.trim();
    if (INT.test(text)) return [Number.parseInt(text, 10), String(Number.parseInt(text, 10))];
    if (FLOAT.test(text)) return [Number(text), pythonFloat(Number(text))];
    return `text "${value}" is not a number`;
  }
  return value === null ? "null" : "not a number";
}

/**
 * Parses a judge answer into scores, literals and drop reasons. Fails (`ok: false`) only when no
 * JSON object can be read; absent or unusable criteria are listed in `dropped`. Keys are matched
 * exactly (`"Fluency"` is not `"fluency"`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJudgeOutput } from "./parse.ts";
 * const outcome = parseJudgeOutput('{"fluency": "4", "coherence": 9, "Relevance": 3}',
 *   ["fluency", "coherence", "relevance"], { scales: { coherence: { min: 1, max: 5 } } });
 * assert.ok(outcome.ok && outcome.value.scores.fluency === 4);
 * assert.ok(outcome.ok && "coherence" in outcome.value.dropped);
 * assert.ok(outcome.ok && "relevance" in outcome.value.dropped);
 * ```
 */
export function parseJudgeOutput(
  text: string,
  criteria: readonly string[],
  options: ParseJudgeOptions = {},
): ParseOutcome<JudgeParse> {
  const extracted = extractJsonObject(text);
  if (!extracted.ok) return extracted;
  const { value, sources } = extracted.value;
  const result: JudgeParse = { scores: {}, literals: {}, dropped: {} };
  for (const criterion of criteria) {
    if (!Object.hasOwn(value, criterion)) {
      result.dropped[criterion] = "no such key";
      continue;
    }
    const coerced = coerce(value[criterion], sources[criterion]);
    if (typeof coerced === "string") {
      result.dropped[criterion] = coerced;
      continue;
    }
    const scale = options.scales?.[criterion];
    if (scale && (coerced[0] < scale.min || coerced[0] > scale.max)) {
      result.dropped[criterion] = `${coerced[0]} is outside ${scale.min}–${scale.max}`;
      continue;
    }
    result.scores[criterion] = coerced[0];
    result.literals[criterion] = coerced[1];
  }
  return { ok: true, value: result };
}

/**
 * Parses a judge answer into a score per criterion (criteria without a usable value are absent).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseJudgeResponse } from "./parse.ts";
 * const outcome = parseJudgeResponse('~~~json\n{"fluency": 5, "coherence": true}\n~~~'.replaceAll("~", "`"),
 *   ["fluency", "coherence"]);
 * assert.ok(outcome.ok && outcome.value.fluency === 5 && !("coherence" in outcome.value));
 * ```
 */
export function parseJudgeResponse(
  text: string,
  criteria: readonly string[],
  options: ParseJudgeOptions = {},
): ParseOutcome<Record<string, number>> {
  const outcome = parseJudgeOutput(text, criteria, options);
  return outcome.ok ? { ok: true, value: outcome.value.scores } : outcome;
}
