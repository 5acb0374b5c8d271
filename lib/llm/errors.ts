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
 * import assert from "node:assert/strict";
 * import { LlmError, RateLimitError } from "./errors.ts";
 * const error = new RateLimitError("429 from endpoint", { retryAfterMs: 2000 });
 * assert(error instanceof LlmError && error.retryable);
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

/**
 * HTTP 429: the endpoint asks us to slow down.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RateLimitError } from "./errors.ts";
 * const error = new RateLimitError("429", { retryAfterMs: 1500 });
 * assert(error.retryable && error.retryAfterMs === 1500);
 * ```
 */
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

/**
 * HTTP 5xx from the endpoint.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ServerError } from "./errors.ts";
 * const error = new ServerError("overloaded", { status: 503 });
 * assert(error.retryable && error.status === 503);
 * ```
 */
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

/**
 * The call took longer than its timeout.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TimeoutError } from "./errors.ts";
 * assert(new TimeoutError("no answer within 60000 ms").retryable);
 * ```
 */
export class TimeoutError extends LlmError {
  /** Retried by the scheduler. */
  override readonly retryable = true;
}

/**
 * The connection failed or was reset before a response arrived.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ConnectionError } from "./errors.ts";
 * assert(new ConnectionError("connection reset").retryable);
 * ```
 */
export class ConnectionError extends LlmError {
  /** Retried by the scheduler. */
  override readonly retryable = true;
}

/**
 * HTTP 401/403: the key is missing or wrong. Never retried.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AuthenticationError } from "./errors.ts";
 * assert(!new AuthenticationError("401 (OPENAI_API_KEY is not set)").retryable);
 * ```
 */
export class AuthenticationError extends LlmError {}

/**
 * HTTP 400/404/422: the request itself is wrong (model name, parameters). Never retried.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BadRequestError } from "./errors.ts";
 * const error = new BadRequestError("model not found", { status: 404 });
 * assert(!error.retryable && error.status === 404);
 * ```
 */
export class BadRequestError extends LlmError {
  /** HTTP status. */
  readonly status: number;
  /** Builds the error. */
  constructor(message: string, options: LlmErrorOptions & { status: number }) {
    super(message, options);
    this.status = options.status;
  }
}

/**
 * The model refused (`refusal` field or `finish_reason: content_filter`). Never retried.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RefusalError } from "./errors.ts";
 * assert(!new RefusalError("model refused: content filter").retryable);
 * ```
 */
export class RefusalError extends LlmError {}

/**
 * The answer was cut at `max_tokens` (`finish_reason: length`). Never retried.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LengthError } from "./errors.ts";
 * const error = new LengthError("cut", { partialText: '{"fluency": ' });
 * assert(!error.retryable && error.partialText.startsWith("{"));
 * ```
 */
export class LengthError extends LlmError {
  /** The truncated text. */
  readonly partialText: string;
  /** Builds the error. */
  constructor(message: string, options: LlmErrorOptions & { partialText: string }) {
    super(message, options);
    this.partialText = options.partialText;
  }
}

/**
 * The endpoint answered with something that is not a chat completion.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MalformedResponseError } from "./errors.ts";
 * assert(new MalformedResponseError("response is not JSON").retryable);
 * ```
 */
export class MalformedResponseError extends LlmError {
  /** Retried by the scheduler. */
  override readonly retryable = true;
}

/**
 * The call was cancelled through its AbortSignal.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { CancelledError, LlmError } from "./errors.ts";
 * const error = new CancelledError("judge: cancelled", { label: "step 2" });
 * assert(error instanceof LlmError && error.label === "step 2" && !error.retryable);
 * ```
 */
export class CancelledError extends LlmError {}

/**
 * A new call would exceed the configured dollar budget; the run can be resumed later.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BudgetExceededError } from "./errors.ts";
 * assert(!new BudgetExceededError("Budget of $5.0000 reached").retryable);
 * ```
 */
export class BudgetExceededError extends LlmError {}

/**
 * Replay mode found no cached answer for a call.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ReplayMissError } from "./errors.ts";
 * const error = new ReplayMissError("no recorded answer", { label: "run 1 judge" });
 * assert(error.name === "ReplayMissError" && !error.retryable);
 * ```
 */
export class ReplayMissError extends LlmError {}

/**
 * The LLM configuration is invalid. {@linkcode ConfigError.issues} holds one line per problem, each
 * naming the offending field (`roles.judge.temperature: …`); the message lists them all.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ConfigError } from "./errors.ts";
 * const error = new ConfigError(["roles.judge.temperature: must be at most 2"]);
 * assert(error.message.includes("roles.judge.temperature"));
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
