/**
 * The one re-ask mechanism of the kit: ask, parse, and re-ask with the issues while the answer is
 * unusable. The judge, the optimizers and {@linkcode askStructured} (the facade's structured
 * output) are the same loop with different {@linkcode AskOptions}: how a follow-up is worded and
 * labelled, whether it extends the conversation or re-sends the prompt, whether an earlier answer
 * that parsed but was incomplete is kept, whether a truncated answer or a refusal is re-asked.
 *
 * @module
 */
import type { ChatRequest, ChatResult, CompleteOptions, StructuredResult } from "./types.ts";
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
   * `extend` (default): a re-ask appends the failed answer and the correction to the conversation,
   * so it is never a cache hit of an earlier attempt. `resend`: a re-ask sends the original prompt
   * again as a new sample (draw `<draw>/resend<n>`, so the call cache does not answer it), as the
   * paper's LLM pool retries (with its label, if `labelReasks`).
   */
  followUp?: "extend" | "resend";
  /** Keep an earlier answer that parsed (but was incomplete) over a later unparseable one. Default true. */
  keepIncomplete?: boolean;
  /** `reask` (default): an answer cut at the token limit is a failed attempt. `accept`: it is parsed like any other. */
  truncated?: "reask" | "accept";
  /** The issue recorded for a cut answer. Default "the answer was cut off at the token limit". */
  truncatedIssue?: string;
  /** `reask` (default): a refusal is a failed attempt. `throw`: the {@linkcode RefusalError} propagates. */
  refusals?: "reask" | "throw";
  /** Label re-asks `<label> (re-ask n)`. Default false (the original label). */
  labelReasks?: boolean;
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

/** What {@linkcode askUntilValid} calls: a gateway's `complete` (the stages' `{ complete }`). */
export interface Completer {
  /** Sends one request. */
  complete(request: ChatRequest, options?: CompleteOptions): Promise<ChatResult>;
}

function defaultCorrection(issues: string[]): string {
  return `Your answer could not be used (${issues.join("; ")}). ` +
    "Answer again in exactly the requested format, with nothing else.";
}

/**
 * The follow-up wording of structured output: the issues as a list, then a request for only the
 * corrected JSON object.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonCorrection } from "./ask_until_valid.ts";
 * assert.ok(jsonCorrection(["no JSON object found"]).includes("- no JSON object found\n"));
 * ```
 */
export function jsonCorrection(issues: readonly string[]): string {
  const problems = issues.map((issue) => `- ${issue}`).join("\n");
  return "Your previous answer could not be used:\n" + problems +
    "\nAnswer again with only the corrected JSON object, nothing before or after it.";
}

/**
 * The follow-up request after a failed attempt of structured output: the conversation, the raw
 * answer as the assistant's turn, and a user turn naming the issues ({@linkcode jsonCorrection}),
 * labelled as re-ask `attempt`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { reaskRequest } from "./ask_until_valid.ts";
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
  return followUpRequest(request, request, raw, [...issues], attempt, {
    correction: jsonCorrection,
    labelReasks: true,
  });
}

function followUpRequest<T>(
  original: ChatRequest,
  current: ChatRequest,
  raw: string,
  issues: string[],
  attempt: number,
  options: AskOptions<T>,
): ChatRequest {
  const correction = options.correction ?? defaultCorrection;
  const label = options.labelReasks
    ? { label: `${original.label ?? original.role} (re-ask ${attempt})` }
    : {};
  if (options.followUp === "resend") {
    return { ...original, draw: `${original.draw ?? ""}/resend${attempt}`, ...label };
  }
  return {
    ...original,
    messages: [
      ...current.messages,
      { role: "assistant", content: raw },
      { role: "user", content: correction(issues) },
    ],
    ...label,
  };
}

/**
 * Sends `request`; while the answer does not parse (or is incomplete) and re-asks remain, asks
 * again as `options` say (by default the conversation grows with every failed answer and its
 * correction, so a re-ask is never a cache hit of an earlier attempt). By default an unparseable
 * later answer never replaces an earlier parseable one, and refusals and answers cut at
 * `max_tokens` (a {@linkcode LengthError} or `finishReason: "length"`) count as failed attempts;
 * every other error propagates.
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
  llm: Completer,
  request: ChatRequest,
  parse: (text: string) => ParseOutcome<T>,
  options: AskOptions<T> = {},
): Promise<AskOutcome<T>> {
  const reask = options.reask ?? 2;
  const acceptTruncated = options.truncated === "accept";
  const truncatedIssue = options.truncatedIssue ?? "the answer was cut off at the token limit";
  const keepIncomplete = options.keepIncomplete ?? true;
  let current = request;
  let outcome: AskOutcome<T> = { issues: ["not asked"], raw: "", attempts: 0 };
  for (let attempt = 0; attempt <= reask; attempt++) {
    let raw: string;
    let result: ChatResult | undefined = outcome.result;
    let issues: string[];
    let value: T | undefined;
    try {
      const sent: CompleteOptions = { signal: options.signal };
      if (acceptTruncated) sent.acceptTruncated = true;
      result = await llm.complete(current, sent);
      raw = result.text;
      if (result.finishReason === "length" && !acceptTruncated) {
        issues = [truncatedIssue];
      } else {
        const parsed = parse(raw);
        value = parsed.ok ? parsed.value : undefined;
        issues = parsed.ok ? (options.complete?.(parsed.value) ?? []) : parsed.issues;
      }
    } catch (error) {
      if (error instanceof LengthError) {
        raw = error.partialText;
        issues = [truncatedIssue];
      } else if (error instanceof RefusalError && options.refusals !== "throw") {
        raw = "";
        issues = ["the model refused to answer"];
      } else {
        throw error;
      }
    }
    if (!keepIncomplete || value !== undefined || outcome.value === undefined) {
      outcome = { value, issues, raw, result, attempts: attempt + 1 };
    } else {
      // Keep the earlier parseable (if incomplete) answer over an unparseable later one.
      outcome = { ...outcome, attempts: attempt + 1 };
    }
    if (issues.length === 0) return outcome;
    if (attempt < reask) {
      current = followUpRequest(request, current, raw, issues, attempt + 1, options);
    }
  }
  return outcome;
}

/** Options of {@linkcode askStructured}. */
export interface AskStructuredOptions<T> {
  /** Parses and validates one answer. */
  parse: (text: string) => ParseOutcome<T>;
  /** Re-asks after a failed attempt (so at most `reask + 1` calls). */
  reask: number;
}

/**
 * Structured output through {@linkcode askUntilValid}: sends `request` through `send` until an
 * answer parses, re-asking at most `options.reask` times with the conversation extended by the raw
 * answer and a {@linkcode jsonCorrection} (labelled `(re-ask n)`). A cut answer is re-asked with a
 * request to answer much shorter; a refusal propagates. The final failure is data.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { z } from "zod";
 * import { askStructured } from "./ask_until_valid.ts";
 * import { parseStructured } from "./structured.ts";
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
  const outcome = await askUntilValid({ complete: (next) => send(next) }, request, options.parse, {
    reask: options.reask,
    correction: jsonCorrection,
    labelReasks: true,
    keepIncomplete: false,
    refusals: "throw",
    truncatedIssue: "the answer was cut off at the token limit; answer much shorter",
  });
  const result = outcome.result!;
  if (outcome.issues.length === 0) {
    return { ok: true, value: outcome.value as T, result, attempts: outcome.attempts };
  }
  return {
    ok: false,
    issues: outcome.issues,
    raw: outcome.raw,
    result,
    attempts: outcome.attempts,
  };
}
