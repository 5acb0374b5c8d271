/**
 * The transport contract: a {@linkcode ChatBackend} sends one chat request to one endpoint. The
 * OpenAI-compatible HTTP backend and the dry-run backend implement it; the `Llm` facade wraps it
 * with the cache, the scheduler and accounting.
 *
 * @module
 */
import type { RoleEndpoint } from "./config.ts";
import type { ChatRequest } from "./types.ts";

/** One call for a backend: the resolved endpoint of the request's role, and the request. */
export interface BackendCall {
  /** Where and how to send (model, sampling parameters, timeout, structured-output mode). */
  endpoint: RoleEndpoint;
  /** What to send. */
  request: ChatRequest;
}

/** What a backend returns for one successful call. */
export interface BackendReply {
  /** Completion text. */
  text: string;
  /** The endpoint's finish reason (`stop`, …). */
  finishReason: string;
  /** Model that answered (as reported by the endpoint). */
  model: string;
  /**
   * Token counts when the endpoint reported them; `reasoningTokens` is the part of `outputTokens`
   * spent on reasoning (OpenAI's `completion_tokens_details.reasoning_tokens`).
   */
  usage?: {
    inputTokens: number;
    outputTokens: number;
    reasoningTokens?: number;
    cachedInputTokens?: number;
  };
  /** The model's reasoning (a `<think>` block or a reasoning field), kept out of `text`. */
  reasoning?: string;
}

/** Sends chat requests. Failures are thrown as `LlmError` subclasses (see `errors.ts`). */
export interface ChatBackend {
  /** Short name for logs (`openai`, `dry-run`). */
  readonly name: string;
  /** True when replies are synthetic (no model was asked). */
  readonly dryRun: boolean;
  /** Sends one call; `signal` aborts it (timeout or cancellation). */
  send(call: BackendCall, signal: AbortSignal): Promise<BackendReply>;
}
