/**
 * Usage and cost accounting per role, and the dollar budget cap.
 *
 * Sent calls are charged at their endpoint's price; cache hits are counted but cost nothing.
 * Before a new call is sent, {@linkcode UsageMeter.reserve} checks that the dollars spent, plus the
 * estimates of calls still in flight, plus this call's estimate stay within the budget; otherwise it
 * throws `BudgetExceededError`. A run therefore stops within one call of its limit, and since every
 * finished answer is in the call cache, running it again later resumes where it stopped.
 *
 * @module
 */
import type { Price } from "./config.ts";
import { BudgetExceededError } from "./errors.ts";
import type { TokenUsage } from "./types.ts";

/** Counts of one role (or of all roles together). Plain data. */
export interface RoleUsage {
  /** Calls sent to a backend (not served from cache). */
  calls: number;
  /** Calls answered from the call cache or by joining an identical call in flight. */
  cacheHits: number;
  /** Calls that failed. */
  failures: number;
  /** Prompt tokens of sent calls. */
  inputTokens: number;
  /** Completion tokens of sent calls (reasoning tokens included, charged as output). */
  outputTokens: number;
  /** The part of `outputTokens` the endpoints reported as reasoning. */
  reasoningTokens: number;
  /** Sent calls whose token counts are the kit's estimate (the endpoint reported none). */
  estimatedCalls: number;
  /** Sent calls whose endpoint has no price (they count as $0). */
  unpricedCalls: number;
  /** Dollars spent. */
  costUsd: number;
}

/** A snapshot of usage. Plain data: can be stored, serialized and displayed. */
export interface UsageSnapshot {
  /** Usage per role. */
  roles: Record<string, RoleUsage>;
  /** Sum over roles. */
  total: RoleUsage;
  /** The budget cap, if any. */
  budgetUsd?: number;
  /** True when the calls were answered by the dry-run backend (dollars are estimates). */
  dryRun: boolean;
}

/** Options of {@linkcode UsageMeter}. */
export interface UsageMeterOptions {
  /** Dollar cap on new calls. */
  budgetUsd?: number;
  /** Marks the snapshot as produced by a dry run. */
  dryRun?: boolean;
}

/** Dollars reserved for one call in flight; hand it back to `record` or `release`. */
export interface BudgetReservation {
  /** The estimated dollars held for the call. */
  readonly costUsd: number;
}

/**
 * Dollars of a call with the given token counts at `price` (0 when there is no price).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { callCostUsd } from "./usage.ts";
 * const price = { inputPerMillion: 2, outputPerMillion: 8 };
 * assert(callCostUsd({ inputTokens: 1_000_000, outputTokens: 500_000 }, price) === 6);
 * ```
 */
export function callCostUsd(
  tokens: { inputTokens: number; outputTokens: number },
  price?: Price,
): number {
  if (price === undefined) return 0;
  return (tokens.inputTokens * price.inputPerMillion +
    tokens.outputTokens * price.outputPerMillion) / 1_000_000;
}

/**
 * Counts calls, tokens and dollars per role and enforces the budget.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { UsageMeter } from "./usage.ts";
 * const meter = new UsageMeter({ budgetUsd: 1 });
 * const price = { inputPerMillion: 1, outputPerMillion: 1 };
 * const hold = meter.reserve("judge", 0.5);
 * meter.record("judge", { inputTokens: 300_000, outputTokens: 200_000, estimated: false }, price, hold);
 * assert(meter.snapshot().total.costUsd === 0.5);
 * ```
 */
export class UsageMeter {
  #roles = new Map<string, RoleUsage>();
  #reservedUsd = 0;
  #budgetUsd?: number;
  #dryRun: boolean;

  /** Builds an empty meter. */
  constructor(options: UsageMeterOptions = {}) {
    this.#budgetUsd = options.budgetUsd;
    this.#dryRun = options.dryRun ?? false;
  }

  /**
   * Holds `estimatedCostUsd` for a new call of `role`, or throws `BudgetExceededError` when the
   * spent dollars plus the calls in flight plus this estimate would exceed the budget.
   */
  reserve(role: string, estimatedCostUsd: number, label?: string): BudgetReservation {
    const budget = this.#budgetUsd;
    const spent = this.#spentUsd();
    if (budget !== undefined && spent + this.#reservedUsd + estimatedCostUsd > budget) {
      throw new BudgetExceededError(
        `Budget of $${budget.toFixed(4)} reached: spent $${spent.toFixed(4)}, ` +
          `$${this.#reservedUsd.toFixed(4)} in flight, next ${role} call ~$${
            estimatedCostUsd.toFixed(4)
          }. Raise the budget and run again to resume from the cache.`,
        { label },
      );
    }
    this.#reservedUsd += estimatedCostUsd;
    return { costUsd: estimatedCostUsd };
  }

  /** Returns a reservation unused (the call failed before it was charged). */
  release(reservation: BudgetReservation): void {
    this.#reservedUsd = Math.max(0, this.#reservedUsd - reservation.costUsd);
  }

  /** Charges a sent call of `role` and settles its reservation. */
  record(role: string, usage: TokenUsage, price?: Price, reservation?: BudgetReservation): void {
    if (reservation) this.release(reservation);
    const counts = this.#role(role);
    counts.calls += 1;
    counts.inputTokens += usage.inputTokens;
    counts.outputTokens += usage.outputTokens;
    counts.reasoningTokens += usage.reasoningTokens ?? 0;
    counts.estimatedCalls += usage.estimated ? 1 : 0;
    counts.unpricedCalls += price === undefined ? 1 : 0;
    counts.costUsd += callCostUsd(usage, price);
  }

  /** Counts a call of `role` answered without a request. */
  recordHit(role: string): void {
    this.#role(role).cacheHits += 1;
  }

  /** Counts a failed call of `role` and returns its reservation, if any. */
  recordFailure(role: string, reservation?: BudgetReservation): void {
    if (reservation) this.release(reservation);
    this.#role(role).failures += 1;
  }

  /**
   * Expected completion tokens of the next call of `role`: the mean of its sent calls so far, or
   * `maxTokens` before the first one (never above `maxTokens`).
   */
  expectedOutputTokens(role: string, maxTokens: number): number {
    const counts = this.#roles.get(role);
    if (!counts || counts.calls === 0) return maxTokens;
    return Math.min(maxTokens, Math.ceil(counts.outputTokens / counts.calls));
  }

  /** A copy of the current counts. */
  snapshot(): UsageSnapshot {
    const roles: Record<string, RoleUsage> = {};
    const total = emptyUsage();
    for (const [role, counts] of [...this.#roles].sort(([a], [b]) => a.localeCompare(b))) {
      roles[role] = { ...counts };
      for (const field of Object.keys(total) as (keyof RoleUsage)[]) total[field] += counts[field];
    }
    const budget = this.#budgetUsd === undefined ? {} : { budgetUsd: this.#budgetUsd };
    return { roles, total, ...budget, dryRun: this.#dryRun };
  }

  #spentUsd(): number {
    let spent = 0;
    for (const counts of this.#roles.values()) spent += counts.costUsd;
    return spent;
  }

  #role(role: string): RoleUsage {
    let counts = this.#roles.get(role);
    if (!counts) {
      counts = emptyUsage();
      this.#roles.set(role, counts);
    }
    return counts;
  }
}

/**
 * A role's usage before its first call: every count zero.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emptyUsage } from "./usage.ts";
 * assert.equal(emptyUsage().calls, 0);
 * assert.notEqual(emptyUsage(), emptyUsage()); // a fresh object each time
 * ```
 */
export function emptyUsage(): RoleUsage {
  return {
    calls: 0,
    cacheHits: 0,
    failures: 0,
    inputTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    estimatedCalls: 0,
    unpricedCalls: 0,
    costUsd: 0,
  };
}
