/**
 * The in-process scheduler every LLM call goes through. One instance is shared by all runs of an
 * experiment, so parallel runs share each endpoint's limits.
 *
 * Per endpoint (keyed by `endpointId`) it enforces a concurrency limit, a requests-per-minute and
 * a tokens-per-minute limit (sliding 60 s windows; tokens are the caller's estimate), retries
 * retryable failures with exponential backoff and jitter (honouring `retry-after`, which also
 * pauses the whole endpoint), applies the per-attempt timeout and honours cancellation.
 *
 * @module
 */
import type { RandomSource } from "../random.ts";
import { seededRandom } from "../random.ts";
import type { EndpointLimits, RoleEndpoint } from "./config.ts";
import { CancelledError, LlmError, RateLimitError, TimeoutError } from "./errors.ts";

/** A retry about to happen, reported to {@linkcode SchedulerOptions.onRetry}. */
export interface RetryEvent {
  /** Endpoint identity. */
  endpointId: string;
  /** Call label, if any. */
  label?: string;
  /** 1 for the first retry, 2 for the second, … */
  retry: number;
  /** How long the scheduler waits before the retry. */
  delayMs: number;
  /** The failure that triggered the retry. */
  error: LlmError;
}

/** Options of {@linkcode Scheduler}. */
export interface SchedulerOptions {
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Waits `ms` or until `signal` aborts (whichever first). Default: a timer. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Jitter source. Default: seeded with 0. */
  random?: RandomSource;
  /** Called before each retry (for logs and progress). */
  onRetry?: (event: RetryEvent) => void;
  /** First backoff delay. Default 1000 ms. */
  baseDelayMs?: number;
  /** Largest backoff delay. Default 60 000 ms. */
  maxDelayMs?: number;
  /** A `retry-after` longer than this is not waited for: the error is thrown. Default 10 min. */
  maxRetryAfterMs?: number;
}

/** Options of {@linkcode Scheduler.run}. */
export interface ScheduleOptions {
  /** Tokens the call will use (prompt estimate plus expected completion), for the TPM limit. */
  estimatedTokens?: number;
  /** Cancels waiting, the running attempt and further retries. */
  signal?: AbortSignal;
  /** Label for errors and retry events. */
  label?: string;
  /**
   * `critical` (default) calls start before every `bulk` call waiting for the same endpoint;
   * within a class, calls start in arrival order.
   */
  priority?: "critical" | "bulk";
  /** Called before each retry of this call (after the scheduler-wide `onRetry`). */
  onRetry?: (event: RetryEvent) => void;
}

const WINDOW_MS = 60_000;

interface Waiter {
  tokens: number;
  bulk: boolean;
  start: () => void;
}

interface EndpointState {
  limits: EndpointLimits;
  active: number;
  queue: Waiter[];
  starts: number[];
  tokenLog: { at: number; tokens: number }[];
  pausedUntil: number;
  wake?: AbortController;
}

/**
 * Schedules tasks against endpoint limits, with retries, timeouts and cancellation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Scheduler } from "./scheduler.ts";
 * import { loadLlmConfig } from "./config.ts";
 * const config = await loadLlmConfig(undefined, { env: {} });
 * const scheduler = new Scheduler();
 * const answer = await scheduler.run(config.roles.judge, () => Promise.resolve("4"));
 * assert(answer === "4");
 * ```
 */
export class Scheduler {
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly #random: RandomSource;
  readonly #onRetry?: (event: RetryEvent) => void;
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #maxRetryAfterMs: number;
  readonly #endpoints = new Map<string, EndpointState>();

  /** Builds a scheduler; inject `now`, `sleep` and `random` in tests. */
  constructor(options: SchedulerOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? timerSleep;
    this.#random = options.random ?? seededRandom(0);
    this.#onRetry = options.onRetry;
    this.#baseDelayMs = options.baseDelayMs ?? 1000;
    this.#maxDelayMs = options.maxDelayMs ?? 60_000;
    this.#maxRetryAfterMs = options.maxRetryAfterMs ?? 600_000;
  }

  /**
   * Runs `task` under the limits of `endpoint`, retrying retryable {@linkcode LlmError}s up to
   * `endpoint.maxRetries` times. The task receives a signal that aborts on timeout
   * ({@linkcode TimeoutError}) or cancellation ({@linkcode CancelledError}). Limits are taken
   * from the first endpoint seen with a given `endpointId` (the config checks that roles sharing
   * an endpoint agree on them).
   */
  async run<T>(
    endpoint: RoleEndpoint,
    task: (signal: AbortSignal) => Promise<T>,
    options: ScheduleOptions = {},
  ): Promise<T> {
    const state = this.#state(endpoint);
    const where = options.label ?? `${endpoint.role} → ${endpoint.endpointId}`;
    const signal = options.signal ?? new AbortController().signal;
    const cancelled = () => new CancelledError(`${where}: cancelled`, { label: options.label });
    for (let retry = 0;; retry++) {
      if (signal.aborted) throw cancelled();
      const bulk = options.priority === "bulk";
      await this.#acquire(
        state,
        Math.max(0, options.estimatedTokens ?? 0),
        bulk,
        signal,
        cancelled,
      );
      let failure: unknown;
      try {
        return await this.#attempt(endpoint, task, signal, where, options.label);
      } catch (error) {
        failure = error;
        // Pause before the slot is released, so calls queued for it wait too.
        this.#pauseFor(state, error);
      } finally {
        state.active--;
        this.#pump(state);
      }
      if (signal.aborted) throw cancelled();
      if (!(failure instanceof LlmError) || !failure.retryable || retry >= endpoint.maxRetries) {
        throw failure;
      }
      const retryAfterMs = (failure as { retryAfterMs?: number }).retryAfterMs;
      if (retryAfterMs !== undefined && retryAfterMs > this.#maxRetryAfterMs) throw failure;
      const delayMs = retryAfterMs ?? this.#backoff(retry);
      const event = {
        endpointId: endpoint.endpointId,
        label: options.label,
        retry: retry + 1,
        delayMs,
        error: failure,
      };
      this.#onRetry?.(event);
      options.onRetry?.(event);
      await this.#sleep(delayMs, signal);
    }
  }

  /** A rate limit with a `retry-after` the scheduler honours pauses the whole endpoint. */
  #pauseFor(state: EndpointState, error: unknown): void {
    if (!(error instanceof RateLimitError)) return;
    const retryAfterMs = error.retryAfterMs;
    if (retryAfterMs === undefined || retryAfterMs > this.#maxRetryAfterMs) return;
    state.pausedUntil = Math.max(state.pausedUntil, this.#now() + retryAfterMs);
  }

  /** Exponential backoff with "equal jitter": half fixed, half random. */
  #backoff(retry: number): number {
    const ceiling = Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** retry);
    return ceiling / 2 + this.#random.next() * ceiling / 2;
  }

  async #attempt<T>(
    endpoint: RoleEndpoint,
    task: (signal: AbortSignal) => Promise<T>,
    outer: AbortSignal,
    where: string,
    label: string | undefined,
  ): Promise<T> {
    const controller = new AbortController();
    const cancel = () =>
      controller.abort(new CancelledError(`${where}: cancelled`, { label, cause: outer.reason }));
    // A cancellation that arrived while the call waited for a slot never fires the listener.
    if (outer.aborted) {
      throw new CancelledError(`${where}: cancelled`, { label, cause: outer.reason });
    }
    outer.addEventListener("abort", cancel, { once: true });
    const timer = new AbortController();
    this.#sleep(endpoint.timeoutMs, timer.signal).then(() => {
      if (timer.signal.aborted) return;
      const message = `${where}: no answer within ${endpoint.timeoutMs} ms`;
      controller.abort(new TimeoutError(message, { label }));
    });
    const aborted = new Promise<never>((_, reject) => {
      controller.signal.addEventListener("abort", () => reject(controller.signal.reason), {
        once: true,
      });
    });
    const running = task(controller.signal);
    running.catch(() => {}); // The race below reports its failure; avoid an unhandled rejection.
    aborted.catch(() => {});
    try {
      return await Promise.race([running, aborted]);
    } finally {
      timer.abort();
      outer.removeEventListener("abort", cancel);
    }
  }

  /** Waits until `state` admits one more call of `tokens` tokens, then counts it as started. */
  #acquire(
    state: EndpointState,
    tokens: number,
    bulk: boolean,
    signal: AbortSignal,
    cancelled: () => CancelledError,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        tokens,
        bulk,
        start: () => {
          signal.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const index = state.queue.indexOf(waiter);
        if (index >= 0) state.queue.splice(index, 1);
        reject(cancelled());
        this.#pump(state);
      };
      signal.addEventListener("abort", onAbort, { once: true });
      if (bulk) state.queue.push(waiter);
      else {
        // Critical calls go after the critical calls already waiting, before every bulk call.
        const firstBulk = state.queue.findIndex((w) => w.bulk);
        state.queue.splice(firstBulk < 0 ? state.queue.length : firstBulk, 0, waiter);
      }
      this.#pump(state);
    });
  }

  /** Starts queued calls (critical first, then FIFO) while the limits allow; else arranges a wake-up. */
  #pump(state: EndpointState): void {
    while (state.queue.length > 0) {
      if (state.active >= state.limits.concurrency) break; // A release pumps again.
      const now = this.#now();
      const waitMs = this.#waitFor(state, state.queue[0].tokens, now);
      if (waitMs > 0) return this.#wakeAfter(state, waitMs);
      const waiter = state.queue.shift()!;
      state.active++;
      state.starts.push(now);
      if (waiter.tokens > 0) state.tokenLog.push({ at: now, tokens: waiter.tokens });
      waiter.start();
    }
    state.wake?.abort(); // Nothing waits on time any more.
    state.wake = undefined;
  }

  /** Milliseconds until a call of `tokens` tokens fits the RPM, TPM and pause limits. */
  #waitFor(state: EndpointState, tokens: number, now: number): number {
    const horizon = now - WINDOW_MS;
    while (state.starts.length > 0 && state.starts[0] <= horizon) state.starts.shift();
    while (state.tokenLog.length > 0 && state.tokenLog[0].at <= horizon) state.tokenLog.shift();
    let waitMs = Math.max(0, state.pausedUntil - now);
    const { rpm, tpm } = state.limits;
    if (rpm !== undefined && state.starts.length >= rpm) {
      // The start that must leave the window before fewer than `rpm` remain.
      const oldest = state.starts[state.starts.length - Math.ceil(rpm)];
      waitMs = Math.max(waitMs, oldest + WINDOW_MS - now);
    }
    if (tpm !== undefined && tokens > 0) {
      let used = state.tokenLog.reduce((sum, entry) => sum + entry.tokens, 0);
      for (const entry of state.tokenLog) {
        if (used + tokens <= tpm) break; // An oversized call runs alone in an empty window.
        used -= entry.tokens;
        waitMs = Math.max(waitMs, entry.at + WINDOW_MS - now);
      }
    }
    return waitMs;
  }

  #wakeAfter(state: EndpointState, waitMs: number): void {
    state.wake?.abort();
    const wake = new AbortController();
    state.wake = wake;
    this.#sleep(waitMs, wake.signal).then(() => {
      if (wake.signal.aborted) return;
      state.wake = undefined;
      this.#pump(state);
    });
  }

  #state(endpoint: RoleEndpoint): EndpointState {
    let state = this.#endpoints.get(endpoint.endpointId);
    if (!state) {
      state = {
        limits: endpoint.limits,
        active: 0,
        queue: [],
        starts: [],
        tokenLog: [],
        pausedUntil: 0,
      };
      this.#endpoints.set(endpoint.endpointId, state);
    }
    return state;
  }
}

function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", done, { once: true });
  });
}
