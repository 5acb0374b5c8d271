/**
 * Typed errors of the LLM layer, modelled on openai-node's hierarchy: every failure of a call is an
 * {@linkcode LlmError} subclass, so callers can `instanceof`-dispatch and the scheduler can decide
 * what to retry.
 *
 * @module
 */

/** Options common to every {@linkcode LlmError}. */
export interface LlmErrorOptions {
  /** Underlying cause. */
  cause?: unknown;
  /** Label of the call that failed (see `ChatRequest.label`). */
  label?: string;
}

/**
 * Base class of every error raised by the LLM layer.
 *
 * @example
 * ```ts
 * import { LlmError, RateLimitError } from "./errors.ts";
 * const error = new RateLimitError("429 from endpoint", { retryAfterMs: 2000 });
 * console.assert(error instanceof LlmError && error.retryable);
 * ```
 */
export class LlmError extends Error {
  /** Whether the scheduler retries this error. */
  readonly retryable: boolean = false;
  /** Label of the call that failed. */
  readonly label?: string;
  /** Builds the error. */
  constructor(message: string, options: LlmErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.label = options.label;
  }
}

/** HTTP 429: the endpoint asks us to slow down. */
export class RateLimitError extends LlmError {
  /** Retried by the scheduler. */
  override readonly retryable = true;
  /** Delay requested by the endpoint's `retry-after` header, if any. */
  readonly retryAfterMs?: number;
  /** Builds the error. */
  constructor(message: string, options: LlmErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** HTTP 5xx from the endpoint. */
export class ServerError extends LlmError {
  /** Retried by the scheduler. */
  override readonly retryable = true;
  /** HTTP status. */
  readonly status: number;
  /** Delay requested by a `retry-after` header, if any. */
  readonly retryAfterMs?: number;
  /** Builds the error. */
  constructor(
    message: string,
    options: LlmErrorOptions & { status: number; retryAfterMs?: number },
  ) {
    super(message, options);
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The call took longer than its timeout. */
export class TimeoutError extends LlmError {
  /** Retried by the scheduler. */
  override readonly retryable = true;
}

/** The connection failed or was reset before a response arrived. */
export class ConnectionError extends LlmError {
  /** Retried by the scheduler. */
  override readonly retryable = true;
}

/** HTTP 401/403: the key is missing or wrong. Never retried. */
export class AuthenticationError extends LlmError {}

/** HTTP 400/404/422: the request itself is wrong (model name, parameters). Never retried. */
export class BadRequestError extends LlmError {
  /** HTTP status. */
  readonly status: number;
  /** Builds the error. */
  constructor(message: string, options: LlmErrorOptions & { status: number }) {
    super(message, options);
    this.status = options.status;
  }
}

/** The model refused (`refusal` field or `finish_reason: content_filter`). */
export class RefusalError extends LlmError {}

/** The answer was cut at `max_tokens` (`finish_reason: length`). */
export class LengthError extends LlmError {
  /** The truncated text. */
  readonly partialText: string;
  /** Builds the error. */
  constructor(message: string, options: LlmErrorOptions & { partialText: string }) {
    super(message, options);
    this.partialText = options.partialText;
  }
}

/** The endpoint answered with something that is not a chat completion. */
export class MalformedResponseError extends LlmError {
  /** Retried by the scheduler. */
  override readonly retryable = true;
}

/** The call was cancelled through its AbortSignal. */
export class CancelledError extends LlmError {}

/** A new call would exceed the configured dollar budget; the run can be resumed later. */
export class BudgetExceededError extends LlmError {}

/** Replay mode found no cached answer for a call. */
export class ReplayMissError extends LlmError {}

/**
 * The LLM configuration is invalid. {@linkcode ConfigError.issues} holds one line per problem, each
 * naming the offending field (`roles.judge.temperature: …`); the message lists them all.
 *
 * @example
 * ```ts
 * import { ConfigError } from "./errors.ts";
 * const error = new ConfigError(["roles.judge.temperature: must be at most 2"]);
 * console.assert(error.message.includes("roles.judge.temperature"));
 * ```
 */
export class ConfigError extends Error {
  /** One line per problem, each starting with the field path. */
  readonly issues: string[];
  /** Builds the error from its issue lines; `source` names the file, if any. */
  constructor(issues: string[], options: { source?: string; cause?: unknown } = {}) {
    const where = options.source ? ` (${options.source})` : "";
    super(
      [`invalid LLM config${where}:`, ...issues.map((issue) => `  ${issue}`)].join("\n"),
      { cause: options.cause },
    );
    this.name = "ConfigError";
    this.issues = issues;
  }
}
