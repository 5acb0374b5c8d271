/**
 * Ask, parse, and re-ask with the parse issues when the answer is unusable.
 *
 * @module
 */
import type { ChatRequest, ChatResult, LlmGateway } from "./types.ts";
import { LengthError, RefusalError } from "./errors.ts";
import type { ParseOutcome } from "../schema.ts";

/** Options of {@linkcode askUntilValid}. */
export interface AskOptions<T> {
  /** Re-asks after an unusable answer (0 = ask once). Default 2. */
  reask?: number;
  /** Whether a parsed value is complete; an incomplete one is re-asked too. Default: always. */
  complete?: (value: T) => string[];
  /** Text of the follow-up user message, given the issues of the last answer. */
  correction?: (issues: string[]) => string;
  /**
   * Re-ask by sending the same messages again as a new sample (draw `<draw>/resend<n>`), as the
   * paper's LLM pool retries, instead of extending the conversation. Default false.
   */
  resend?: boolean;
  /** Cancels the calls. */
  signal?: AbortSignal;
}

/** The outcome of {@linkcode askUntilValid}: the last answer, parsed or not. */
export interface AskOutcome<T> {
  /** The parsed value of the last parseable answer, if any. */
  value?: T;
  /** Issues of the last answer (empty when it was complete). */
  issues: string[];
  /** Text of the last answer ("" when the model refused). */
  raw: string;
  /** The last call's result (absent only when every attempt ended in a refusal or cut-off). */
  result?: ChatResult;
  /** Calls made. */
  attempts: number;
}

function defaultCorrection(issues: string[]): string {
  return `Your answer could not be used (${issues.join("; ")}). ` +
    "Answer again in exactly the requested format, with nothing else.";
}

/**
 * Sends `request`; while the answer does not parse (or is incomplete) and re-asks remain, sends
 * the conversation again with every failed answer and its correction appended (so a re-ask is
 * never a cache hit of an earlier attempt), or, with `resend`, the same messages under a new draw
 * key. An unparseable later answer never replaces an earlier parseable one.
 * Refusals and answers cut at `max_tokens` count as failed attempts; every other error propagates.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { askUntilValid } from "./ask_until_valid.ts";
 * const answers = ["no idea", "7"];
 * const llm = {
 *   complete: () => Promise.resolve({ text: answers.shift()!, finishReason: "stop", model: "m",
 *     usage: { inputTokens: 1, outputTokens: 1, estimated: true }, cached: false, dryRun: true,
 *     key: "k" }),
 * };
 * const parse = (t: string) =>
 *   /^\d+$/.test(t) ? { ok: true as const, value: Number(t) } : { ok: false as const, issues: ["not a number"] };
 * const outcome = await askUntilValid(llm, { role: "judge", messages: [] }, parse);
 * assert.ok(outcome.value === 7 && outcome.attempts === 2);
 * ```
 */
export async function askUntilValid<T>(
  llm: LlmGateway,
  request: ChatRequest,
  parse: (text: string) => ParseOutcome<T>,
  options: AskOptions<T> = {},
): Promise<AskOutcome<T>> {
  const reask = options.reask ?? 2;
  const correction = options.correction ?? defaultCorrection;
  let messages = request.messages;
  let outcome: AskOutcome<T> = { issues: ["not asked"], raw: "", attempts: 0 };
  for (let attempt = 0; attempt <= reask; attempt++) {
    let raw: string;
    let result: ChatResult | undefined = outcome.result;
    let issues: string[];
    let value: T | undefined;
    try {
      const draw = attempt === 0 || !options.resend
        ? request.draw
        : `${request.draw ?? ""}/resend${attempt}`;
      result = await llm.complete({ ...request, messages, draw }, { signal: options.signal });
      raw = result.text;
      const parsed = parse(raw);
      value = parsed.ok ? parsed.value : undefined;
      issues = parsed.ok ? (options.complete?.(parsed.value) ?? []) : parsed.issues;
    } catch (error) {
      if (error instanceof LengthError) {
        raw = error.partialText;
        issues = ["the answer was cut off at the token limit"];
      } else if (error instanceof RefusalError) {
        raw = "";
        issues = ["the model refused to answer"];
      } else {
        throw error;
      }
    }
    if (value !== undefined || outcome.value === undefined) {
      outcome = { value, issues, raw, result, attempts: attempt + 1 };
    } else {
      // Keep the earlier parseable (if incomplete) answer over an unparseable later one.
      outcome = { ...outcome, attempts: attempt + 1 };
    }
    if (issues.length === 0) return outcome;
    // Resending: the same messages, a new draw key, so the cache does not answer it again.
    if (options.resend) continue;
    // The conversation grows with every attempt, so a re-ask never repeats an earlier request
    // (which the call cache would answer with the same unusable text).
    messages = [
      ...messages,
      { role: "assistant", content: raw },
      { role: "user", content: correction(issues) },
    ];
  }
  return outcome;
}
