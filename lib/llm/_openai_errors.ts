/**
 * Maps failures of the `npm:openai` client to the kit's typed errors. Internal.
 *
 * @module
 */
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import {
  AuthenticationError,
  BadRequestError,
  CancelledError,
  ConnectionError,
  LlmError,
  MalformedResponseError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from "./errors.ts";
import { providerHint } from "./_provider_hints.ts";

/** Context for error messages: where the call went. Never contains the key. */
export interface ErrorContext {
  /** `role → endpointId` prefix. */
  where: string;
  /** The request label. */
  label?: string;
  /** The key, only to scrub it from messages. */
  secret?: string;
  /** Name of the key variable, for hints. */
  apiKeyEnv: string;
  /** Whether the key variable was set. */
  keySet: boolean;
  /** The abort signal of the call. */
  signal: AbortSignal;
  /** Provider preset of the endpoint, for hints on rejected parameters. */
  provider?: string;
}

/**
 * Delay requested by `retry-after-ms` (milliseconds) or `retry-after` (seconds or an HTTP date).
 * `undefined` when absent or unparseable.
 */
export function parseRetryAfter(
  headers: Headers | undefined,
  now: number = Date.now(),
): number | undefined {
  const ms = Number.parseFloat(headers?.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get("retry-after")?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Translates any failure of a chat call into an {@linkcode LlmError}. */
export function toLlmError(error: unknown, context: ErrorContext): LlmError {
  if (error instanceof LlmError) return error;
  const options = { label: context.label };
  const say = (text: string) => scrub(`${context.where}: ${text}`, context.secret);
  if (error instanceof APIUserAbortError || context.signal.aborted) {
    const reason = context.signal.reason;
    return reason instanceof LlmError ? reason : new CancelledError(say("cancelled"), options);
  }
  if (error instanceof APIConnectionTimeoutError) {
    return new TimeoutError(say("request timed out"), options);
  }
  if (error instanceof APIConnectionError) {
    return new ConnectionError(say(`connection failed: ${causeText(error)}`), options);
  }
  if (error instanceof APIError && typeof error.status === "number") {
    // No `cause`: the SDK error's message may echo the key.
    const hint = error.status === 400 || error.status === 422
      ? providerHint(
        { code: error.code, param: error.param, message: error.message },
        context.provider ?? "generic",
      )
      : undefined;
    const text = `HTTP ${error.message}`.replace(/\s*\n\s*/g, " ");
    return fromStatus(error.status, error.headers, say(hint ? `${text} — ${hint}` : text), context);
  }
  if (error instanceof SyntaxError) {
    return new MalformedResponseError(say(`response is not JSON: ${error.message}`), options);
  }
  if (error instanceof TypeError) {
    return new ConnectionError(say(`connection failed: ${error.message}`), {
      ...options,
      cause: error,
    });
  }
  return new LlmError(say(`unexpected failure: ${String(error)}`), { ...options, cause: error });
}

function fromStatus(
  status: number,
  headers: Headers | undefined,
  message: string,
  context: ErrorContext,
): LlmError {
  const label = context.label;
  const retryAfterMs = parseRetryAfter(headers);
  if (status === 429) return new RateLimitError(message, { label, retryAfterMs });
  if (status === 401 || status === 403) {
    const hint = context.keySet
      ? ` (key from ${context.apiKeyEnv})`
      : ` (environment variable ${context.apiKeyEnv} is not set)`;
    return new AuthenticationError(message + hint, { label });
  }
  if (status === 408) return new TimeoutError(message, { label });
  if (status >= 500) return new ServerError(message, { label, status, retryAfterMs });
  return new BadRequestError(message, { label, status });
}

function causeText(error: Error): string {
  const cause = error.cause;
  return cause instanceof Error ? cause.message : error.message;
}

/** Removes every occurrence of `secret` from `text`. */
export function scrub(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.replaceAll(secret, "[redacted]") : text;
}
