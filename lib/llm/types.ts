/**
 * The contract between the kit's stages and its LLM layer.
 *
 * Stages build {@linkcode ChatRequest}s and call an {@linkcode LlmGateway}; the gateway resolves the
 * role to an endpoint, consults the call cache, schedules the call under the endpoint's limits,
 * sends it through a {@linkcode ChatBackend} (an OpenAI-compatible HTTP endpoint or the dry-run
 * backend) and accounts tokens and dollars.
 *
 * @module
 */
import type { ParseOutcome } from "../schema.ts";

/** Built-in roles. Any other string is a valid role too (later stages add their own). */
export const BUILTIN_ROLES = ["judge", "loss", "gradient", "optimizer", "rater"] as const;

/** A role name such as `judge` or `loss`. */
export type Role = string;

/** One chat message. */
export interface ChatMessage {
  /** Who speaks. */
  role: "system" | "user" | "assistant";
  /** The text. */
  content: string;
}

/**
 * What the caller expects back. Real endpoints ignore it; the dry-run backend uses it to produce
 * role-shaped output. It is not part of the cache key (the messages already determine it).
 */
export type OutputHint =
  | { kind: "judge"; criteria: { name: string; min: number; max: number }[] }
  | { kind: "critique"; criteria: string[] }
  | { kind: "gradient"; criteria: string[] }
  | { kind: "instruction"; criterion: string }
  | { kind: "instructions"; criteria: string[] }
  | {
    kind: "rating";
    min: number;
    max: number;
    /**
     * What is rated, for a synthetic rating that depends on it: `focus` (how much of `text` is
     * about `target` among `criteria`) or `overlap` (how much of `text` draws on `reference`).
     */
    basis?:
      | { kind: "focus"; text: string; target: string; criteria: string[] }
      | { kind: "overlap"; text: string; reference: string };
  }
  | { kind: "text" }
  /**
   * Embeddings of the messages' texts (one input per message), not a chat answer: backends send
   * them in one request to the endpoint's `/embeddings` route and answer with the JSON array of
   * their vectors, in message order (see `embedTexts`).
   */
  | { kind: "embedding" };

/** A JSON schema to request structured output with (`response_format: json_schema`). */
export interface JsonSchemaFormat {
  /** Schema name sent to the endpoint. */
  name: string;
  /** The JSON schema object. */
  schema: Record<string, unknown>;
}

/** One request to an LLM role. */
export interface ChatRequest {
  /** Which role answers (selects endpoint, model and sampling parameters). */
  role: Role;
  /** The conversation. */
  messages: ChatMessage[];
  /**
   * Sample index for repeated draws of the same request (part of the cache key). Two requests
   * with equal messages and different `draw` are independent samples.
   */
  draw?: string | number;
  /** Ask for JSON output matching this schema where the endpoint supports it. */
  jsonSchema?: JsonSchemaFormat;
  /**
   * Expected output shape, used by the dry-run backend; `embedding` routes the request to the
   * endpoint's `/embeddings` instead of chat completions.
   */
  hint?: OutputHint;
  /** Human-readable label for logs and errors, e.g. `run 2 step 3 loss fluency sample 1`. */
  label?: string;
  /**
   * Scheduling class (not part of the cache key): `critical` calls (the default: loss, gradient,
   * optimizer, gate) start before `bulk` calls (test evaluations) waiting for the same endpoint.
   */
  priority?: CallPriority;
}

/** Scheduling class of a call; see {@linkcode ChatRequest.priority}. */
export type CallPriority = "critical" | "bulk";

/** Token counts of one call. */
export interface TokenUsage {
  /** Prompt tokens. */
  inputTokens: number;
  /** Completion tokens (reasoning tokens included: they are charged as output). */
  outputTokens: number;
  /** The part of `outputTokens` spent on reasoning, when the endpoint reported it. */
  reasoningTokens?: number;
  /**
   * The part of `inputTokens` served from the endpoint's prompt cache, when it reported it
   * (OpenAI's `prompt_tokens_details.cached_tokens`).
   */
  cachedInputTokens?: number;
  /** True when the endpoint reported no usage and the counts are the kit's estimate. */
  estimated: boolean;
}

/** The answer to one {@linkcode ChatRequest}. */
export interface ChatResult {
  /** Completion text, without the model's reasoning. */
  text: string;
  /**
   * The model's reasoning (`<think>` blocks or a reasoning field), when it sent any. Logged, never
   * parsed. Not kept in the call cache: a cache hit has none.
   */
  reasoning?: string;
  /** The endpoint's finish reason (`stop`, `length`, …). */
  finishReason: string;
  /** Tokens used. */
  usage: TokenUsage;
  /** Model that answered. */
  model: string;
  /** True when served from the call cache (no request was sent). */
  cached: boolean;
  /** True when produced by the dry-run backend: synthetic text, not a model's. */
  dryRun: boolean;
  /** Cache key of the call: links stored records to the call that made them. */
  key: string;
}

/** Result of `Llm.structured`. */
export type StructuredResult<T> =
  | { ok: true; value: T; result: ChatResult; attempts: number }
  | { ok: false; issues: string[]; raw: string; result: ChatResult; attempts: number };

/** Options of {@linkcode LlmGateway.complete}. */
export interface CompleteOptions {
  /** Cancels the call (and its retries). */
  signal?: AbortSignal;
  /**
   * Return an answer cut at max_tokens (`finishReason: "length"`) instead of raising
   * `LengthError`: free-text roles (loss, gradient) use the truncated text, as the paper does.
   */
  acceptTruncated?: boolean;
}

/** Options of `Llm.structured`. */
export interface StructuredOptions<T> extends CompleteOptions {
  /** How many times to re-ask after an unparseable answer (default from config, usually 2). */
  reask?: number;
  /**
   * Custom parser. Default: extract the JSON object (code fence or outermost braces) and validate
   * it with the schema.
   */
  parse?: (text: string) => ParseOutcome<T>;
}

/**
 * What every stage needs from the LLM layer: one method. Re-asking until an answer parses is a
 * free function over it (`askUntilValid`), so a stage's fake gateway is one function.
 */
export interface LlmGateway {
  /** Sends one request (through cache, scheduler and backend) and returns its answer. */
  complete(request: ChatRequest, options?: CompleteOptions): Promise<ChatResult>;
  /**
   * How many calls of one batch (an evaluation's rows) are worth having in flight at once;
   * unset: all of them (the scheduler queues what the endpoint cannot take). The dry run answers
   * at once, so more in flight would only hold memory.
   */
  readonly maxInFlight?: number;
}
