/**
 * The `Llm` facade: the one {@linkcode LlmGateway} every stage calls.
 *
 * A call flows: cache key → join an identical call in flight → call cache (per the cache mode) →
 * budget check → scheduler (endpoint limits, retries) → backend → usage → cache fill → `onCall`.
 *
 * @module
 */
import type { BackendReply, ChatBackend } from "./backend.ts";
import { CACHE_MODE_POLICIES, type CacheEntry, type CacheMode, CallCache } from "./call_cache.ts";
import { callKey, callKeyMaterial } from "./call_key.ts";
import { endpointFor, type LlmConfig, parseLlmConfig, type RoleEndpoint } from "./config.ts";
import { createDryRunBackend, type DryRunBackendOptions } from "./dry_run_backend.ts";
import { CancelledError, LengthError, ReplayMissError } from "./errors.ts";
import { Scheduler } from "./scheduler.ts";
import { askStructured } from "./ask_until_valid.ts";
import { parseStructured } from "./structured.ts";
import { estimateMessageTokens, estimateTextTokens } from "./token_estimate.ts";
import type {
  ChatRequest,
  ChatResult,
  CompleteOptions,
  LlmGateway,
  StructuredOptions,
  StructuredResult,
} from "./types.ts";
import { callCostUsd, UsageMeter, type UsageSnapshot } from "./usage.ts";
import type { Schema } from "../schema.ts";

/** Rows of one batch in flight at once on the dry-run backend (see `LlmGateway.maxInFlight`). */
const DRY_RUN_IN_FLIGHT = 32;

/** What happened in one call; `onCall` receives one per call (including hits and failures). */
export interface CallEvent {
  /** The request as the stage sent it. */
  request: ChatRequest;
  /** Cache key of the call. */
  key: string;
  /** Endpoint identity (never the key). */
  endpointId: string;
  /** The answer, when the call succeeded (a truncated answer has `finishReason: "length"`). */
  result?: ChatResult;
  /** The failure, when the call failed. */
  error?: unknown;
  /** Answered without a request (from the cache or by joining an identical call in flight). */
  cached: boolean;
  /** Joined an identical call that was already in flight. */
  coalesced: boolean;
  /** ISO time the call started. */
  startedAt: string;
  /** The same instant in ms since the epoch, with sub-millisecond precision. */
  startedAtMs: number;
  /** Wall time of the call in ms. */
  durationMs: number;
  /** Error class (`RateLimitError`, `ServerError`, …) of each retried request, in order. */
  retries: string[];
  /** Dollars the call cost at the role's price (0 for hits, failures and unpriced roles). */
  costUsd?: number;
}

/** Options of {@linkcode createLlm}. */
export interface LlmOptions {
  /** Roles, endpoints, cache settings, budget and re-ask default. */
  config: LlmConfig;
  /** Sends the calls (an OpenAI-compatible backend or the dry-run backend). */
  backend: ChatBackend;
  /** Endpoint limits; share one across the runs of an experiment. Default: a new scheduler. */
  scheduler?: Scheduler;
  /** Call cache. Default: opened at `config.cache.path` (`:memory:` when unset) unless mode `off`. */
  cache?: CallCache;
  /** Overrides `config.cache.mode`. */
  cacheMode?: CacheMode;
  /** Overrides `config.budgetUsd`. */
  budgetUsd?: number;
  /** Observer of every call (the experiment store records calls through it). */
  onCall?: (event: CallEvent) => void;
}

/** The LLM gateway of the kit, with usage accounting. */
export interface Llm extends LlmGateway {
  /** The configuration in use. */
  readonly config: LlmConfig;
  /** True when the backend is the dry run (answers are synthetic). */
  readonly dryRun: boolean;
  /** The cache mode in use. */
  readonly cacheMode: CacheMode;
  /** The call cache, when one is used. */
  readonly cache?: CallCache;
  /** The cache key `request` would have. */
  keyOf(request: ChatRequest): string;
  /**
   * Sends a request whose answer must parse as JSON matching `schema`; re-asks on failure; the
   * failure is returned as data. (Not part of {@linkcode LlmGateway}: stages use `askUntilValid`.)
   */
  structured<T>(
    request: ChatRequest,
    schema: Schema<T>,
    options?: StructuredOptions<T>,
  ): Promise<StructuredResult<T>>;
  /** Calls, hits, tokens and dollars so far. */
  usage(): UsageSnapshot;
  /** Closes a cache the facade opened itself. */
  close(): void;
}

/**
 * Creates the LLM gateway.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createLlm } from "./llm.ts";
 * import { createDryRunBackend } from "./dry_run_backend.ts";
 * import { parseLlmConfig } from "./config.ts";
 * const config = parseLlmConfig({ cache: { mode: "off" } }, {});
 * if (!config.ok) throw new Error(config.issues.join("\n"));
 * const llm = createLlm({ config: config.value, backend: createDryRunBackend() });
 * const result = await llm.complete({ role: "loss", messages: [{ role: "user", content: "Critique." }] });
 * assert(result.dryRun && result.text.startsWith("[dry-run]"));
 * llm.close();
 * ```
 */
export function createLlm(options: LlmOptions): Llm {
  return new LlmFacade(options);
}

/** Options of {@linkcode createDryRunLlm}. */
export interface DryRunLlmOptions extends DryRunBackendOptions {
  /** Configuration (for prices and models). Default: the built-in roles, in-memory `live` cache. */
  config?: LlmConfig;
  /**
   * Budget of the rehearsal. `config.budgetUsd` is ignored so that a dry run counts the whole
   * experiment; set this to rehearse where a capped run would stop.
   */
  budgetUsd?: number;
  /** Observer of every call. */
  onCall?: (event: CallEvent) => void;
}

/**
 * An offline gateway on the dry-run backend, for notebooks, tests and cost rehearsals.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDryRunLlm } from "./llm.ts";
 * const llm = createDryRunLlm({ seed: 3 });
 * const hint = { kind: "rating" as const, min: 1, max: 10 };
 * const result = await llm.complete({ role: "rater", messages: [{ role: "user", content: "?" }], hint });
 * assert(Number.isInteger(Number(result.text)) && llm.usage().total.calls === 1);
 * llm.close();
 * ```
 */
export function createDryRunLlm(options: DryRunLlmOptions = {}): Llm {
  let config = options.config;
  if (!config) {
    const outcome = parseLlmConfig({ cache: { mode: "live" } }, {});
    if (!outcome.ok) throw new Error(outcome.issues.join("\n"));
    config = outcome.value;
  }
  return createLlm({
    config: { ...config, budgetUsd: undefined },
    backend: createDryRunBackend({ seed: options.seed, faultRate: options.faultRate }),
    budgetUsd: options.budgetUsd,
    onCall: options.onCall,
  });
}

/**
 * The request with the role's `promptSuffix` appended to its last user message (as sent, cached
 * and logged).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withPromptSuffix } from "./llm.ts";
 * const request = { role: "judge", messages: [{ role: "user" as const, content: "Rate." }] };
 * assert.equal(withPromptSuffix(request, "\n/no_think").messages[0].content, "Rate.\n/no_think");
 * assert.equal(withPromptSuffix(request, undefined), request);
 * ```
 */
export function withPromptSuffix(request: ChatRequest, suffix: string | undefined): ChatRequest {
  if (!suffix) return request;
  const last = request.messages.findLastIndex((m) => m.role === "user");
  if (last < 0) return request;
  const messages = request.messages.map((m, i) =>
    i === last ? { ...m, content: `${m.content}${suffix}` } : m
  );
  return { ...request, messages };
}

interface Located {
  endpoint: RoleEndpoint;
  key: string;
}

class LlmFacade implements Llm {
  readonly config: LlmConfig;
  readonly dryRun: boolean;
  readonly maxInFlight?: number;
  readonly cacheMode: CacheMode;
  readonly cache?: CallCache;
  #backend: ChatBackend;
  #scheduler: Scheduler;
  #ownsCache: boolean;
  #meter: UsageMeter;
  #onCall?: (event: CallEvent) => void;
  #inFlight = new Map<string, Promise<ChatResult>>();

  constructor(options: LlmOptions) {
    this.config = options.config;
    this.#backend = options.backend;
    this.dryRun = options.backend.dryRun;
    this.maxInFlight = this.dryRun ? DRY_RUN_IN_FLIGHT : undefined;
    this.cacheMode = options.cacheMode ?? options.config.cache.mode;
    this.#ownsCache = options.cache === undefined && this.cacheMode !== "off";
    this.cache = options.cache ??
      (this.#ownsCache ? new CallCache(options.config.cache.path ?? ":memory:") : undefined);
    this.#scheduler = options.scheduler ?? new Scheduler();
    this.#meter = new UsageMeter({
      budgetUsd: options.budgetUsd ?? options.config.budgetUsd,
      dryRun: this.dryRun,
    });
    this.#onCall = options.onCall;
  }

  keyOf(request: ChatRequest): string {
    return this.#locate(request).key;
  }

  usage(): UsageSnapshot {
    return this.#meter.snapshot();
  }

  close(): void {
    if (this.#ownsCache) this.cache?.close();
  }

  async complete(request: ChatRequest, options: CompleteOptions = {}): Promise<ChatResult> {
    const result = await this.#call(request, options.signal);
    if (result.finishReason === "length" && !options.acceptTruncated) {
      throw new LengthError(`Answer cut at max_tokens (${request.label ?? request.role})`, {
        partialText: result.text,
        label: request.label,
      });
    }
    return result;
  }

  structured<T>(
    request: ChatRequest,
    schema: Schema<T>,
    options: StructuredOptions<T> = {},
  ): Promise<StructuredResult<T>> {
    return askStructured((next) => this.#call(next, options.signal), request, {
      parse: options.parse ?? ((text) => parseStructured(text, schema)),
      reask: options.reask ?? this.config.reask,
    });
  }

  #locate(request: ChatRequest): Located {
    const endpoint = endpointFor(this.config, request.role);
    return { endpoint, key: callKey(callKeyMaterial(request, endpoint)) };
  }

  /** One call, joined with an identical one in flight; reports it to usage and onCall. */
  async #call(asked: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
    const request = withPromptSuffix(asked, endpointFor(this.config, asked.role).promptSuffix);
    const located = this.#locate(request);
    const start = performance.now();
    const startedAtMs = performance.timeOrigin + start;
    const startedAt = new Date(startedAtMs).toISOString();
    const joined = this.#inFlight.get(located.key);
    const retries: string[] = [];
    const pending = joined ?? this.#answer(request, located, retries, signal);
    if (!joined) {
      this.#inFlight.set(located.key, pending);
      const forget = () => this.#inFlight.delete(located.key);
      pending.then(forget, forget);
    }
    const report = (fields: Pick<CallEvent, "result" | "error" | "cached">) =>
      this.#report({
        request,
        key: located.key,
        endpointId: located.endpoint.endpointId,
        coalesced: joined !== undefined,
        startedAt,
        startedAtMs,
        durationMs: performance.now() - start,
        retries,
        ...fields,
      }, located.endpoint);
    let answer: ChatResult;
    try {
      // A joined caller stops waiting when its own signal aborts; the shared call goes on.
      answer = await (joined ? untilAborted(pending, request, signal) : pending);
    } catch (error) {
      // Another caller's cancellation must not fail this caller: ask again.
      if (joined && error instanceof CancelledError && !signal?.aborted) {
        return this.#call(asked, signal);
      }
      report({ error, cached: false });
      throw error;
    }
    const result = joined ? { ...answer, cached: true } : answer;
    report({ result, cached: result.cached });
    return result;
  }

  /** Cache lookup, budget, scheduler, backend, cache fill. */
  async #answer(
    request: ChatRequest,
    located: Located,
    retries: string[],
    signal?: AbortSignal,
  ): Promise<ChatResult> {
    const { endpoint, key } = located;
    const policy = CACHE_MODE_POLICIES[this.cacheMode];
    const entry = policy.read || this.dryRun ? this.cache?.get(key) : undefined;
    // A synthetic answer never stands in for a real one, nor replaces one (record mode).
    if (policy.read && entry && (!entry.dryRun || this.dryRun)) return fromEntry(entry);
    const keepReal = entry !== undefined && !entry.dryRun;
    if (policy.missIsError) {
      const call = `${request.role} call "${request.label ?? "(no label)"}"`;
      throw new ReplayMissError(`Replay mode has no recorded answer for ${call} (key ${key})`, {
        label: request.label,
      });
    }
    const inputTokens = estimateMessageTokens(request.messages);
    const expected = {
      inputTokens,
      outputTokens: this.#meter.expectedOutputTokens(request.role, endpoint.maxTokens),
    };
    const hold = this.#meter.reserve(
      request.role,
      callCostUsd(expected, endpoint.price),
      request.label,
    );
    let reply;
    try {
      const estimated = inputTokens + expected.outputTokens;
      reply = await this.#send(request, endpoint, estimated, retries, signal);
    } catch (error) {
      this.#meter.release(hold);
      throw error;
    }
    const usage = {
      inputTokens: reply.usage?.inputTokens ?? inputTokens,
      outputTokens: reply.usage?.outputTokens ??
        estimateTextTokens(reply.text + (reply.reasoning ?? "")),
      ...(reply.usage?.reasoningTokens ? { reasoningTokens: reply.usage.reasoningTokens } : {}),
      ...(reply.usage?.cachedInputTokens === undefined
        ? {}
        : { cachedInputTokens: reply.usage.cachedInputTokens }),
      estimated: reply.usage === undefined || this.dryRun,
    };
    this.#meter.record(request.role, usage, endpoint.price, hold);
    const result: ChatResult = {
      text: reply.text,
      ...(reply.reasoning === undefined ? {} : { reasoning: reply.reasoning }),
      finishReason: reply.finishReason,
      usage,
      model: reply.model,
      cached: false,
      dryRun: this.dryRun,
      key,
    };
    if (policy.write && this.cache && !keepReal) this.cache.put(toEntry(result, request, endpoint));
    return result;
  }

  /** Sends through the scheduler; a `LengthError` becomes a truncated answer. */
  async #send(
    request: ChatRequest,
    endpoint: RoleEndpoint,
    estimatedTokens: number,
    retries: string[],
    signal?: AbortSignal,
  ): Promise<BackendReply> {
    const call = { endpoint, request };
    try {
      // The dry run is not limited: it rehearses counts and dollars, not timing.
      if (this.dryRun) {
        return await this.#backend.send(call, signal ?? new AbortController().signal);
      }
      return await this.#scheduler.run(endpoint, (s) => this.#backend.send(call, s), {
        estimatedTokens,
        signal,
        label: request.label,
        priority: request.priority,
        onRetry: (event) => retries.push(event.error.name),
      });
    } catch (error) {
      if (!(error instanceof LengthError)) throw error;
      return { text: error.partialText, finishReason: "length", model: endpoint.model };
    }
  }

  #report(event: CallEvent, endpoint: RoleEndpoint): void {
    const role = event.request.role;
    const sent = event.result !== undefined && !event.cached;
    if (event.error !== undefined) this.#meter.recordFailure(role);
    else if (event.cached) this.#meter.recordHit(role);
    const usage = sent ? event.result!.usage : undefined;
    this.#onCall?.({ ...event, costUsd: usage ? callCostUsd(usage, endpoint.price) : 0 });
  }
}

/** `pending`, or a `CancelledError` as soon as `signal` aborts. */
function untilAborted<T>(pending: Promise<T>, { label, role }: ChatRequest, signal?: AbortSignal) {
  if (!signal) return pending;
  const cancelled = () => new CancelledError(`${label ?? role}: cancelled`, { label });
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function fromEntry(entry: CacheEntry): ChatResult {
  return {
    text: entry.text,
    finishReason: entry.finishReason,
    usage: entry.usage,
    model: entry.model,
    cached: true,
    dryRun: entry.dryRun,
    key: entry.key,
  };
}

function toEntry(result: ChatResult, request: ChatRequest, endpoint: RoleEndpoint): CacheEntry {
  return {
    key: result.key,
    role: request.role,
    model: result.model,
    endpointId: endpoint.endpointId,
    request: callKeyMaterial(request, endpoint),
    text: result.text,
    finishReason: result.finishReason,
    usage: result.usage,
    dryRun: result.dryRun,
    createdAt: new Date().toISOString(),
  };
}
