/**
 * The lower bound on an experiment's wall time under an endpoint's limits, computed from the call
 * DAG the experiment actually made (see `bench/README.md`, "The critical-path model").
 *
 * A call is *issued* when the kit asks for it (before any queueing) and *ends* when its answer
 * arrives. Within one run, a call can only have been caused by calls of the same run that ended
 * before it was issued; those are its predecessors. With `s(c)` the endpoint's service time of
 * call `c` (0 for a cache hit), the earliest a perfect scheduler could finish `c` is
 *
 *   EF(c) = s(c) + max(EF(d) : d in the same run, end(d) <= issue(c)),
 *
 * and a cache hit or joined call cannot finish before the sent call it reuses. Bulk calls (test
 * evaluations, pipelined with the next step) are never predecessors. No schedule beats
 * the longest chain (max EF), nor the endpoint's throughput: total service time / concurrency,
 * requests beyond one minute's quota / RPM, tokens beyond one minute's quota / TPM. The bound is
 * the largest of these.
 *
 * @module
 */

/** One call of the DAG, with times in ms on one clock. */
export interface DagCall {
  /** The run that issued it (calls of different runs never depend on each other). */
  runId: string;
  /** Cache key: a cache hit or joined call waits for the sent call with the same key. */
  key: string;
  /** When the kit issued it. */
  issuedAt: number;
  /** When its answer arrived. */
  endedAt: number;
  /** The endpoint's service time (0 for a call answered without a request). */
  serviceMs: number;
  /** Tokens the endpoint counted (for the TPM bound). */
  tokens: number;
  /** True when it was answered without a request. */
  cached: boolean;
  /**
   * A bulk call (a test-evaluation judge call, run alongside the next step's proposal): never
   * taken as a predecessor, since the run does not wait for it to go on. Dropping these edges can
   * only shorten chains, so the bound stays a lower bound.
   */
  bulk?: boolean;
}

/** Endpoint limits of the bound (per minute of the same clock). */
export interface DagLimits {
  /** Requests in service at once. */
  concurrency: number;
  /** Requests per minute. */
  rpm?: number;
  /** Tokens per minute. */
  tpm?: number;
}

/** The lower bound and the terms it is the largest of. */
export interface LowerBound {
  /** The bound in ms: the largest term. */
  boundMs: number;
  /** The longest chain of dependent service times. */
  criticalPathMs: number;
  /** Total service time / concurrency. */
  throughputMs: number;
  /** Requests beyond the first minute's quota / RPM. */
  rpmMs: number;
  /** Tokens beyond the first minute's quota / TPM. */
  tpmMs: number;
  /** Which term binds. */
  binding: "critical path" | "concurrency" | "rpm" | "tpm";
  /** The run whose chain is the longest. */
  criticalRun: string | null;
}

const MINUTE_MS = 60_000;

/**
 * Computes the lower bound of {@linkcode LowerBound} for `calls` under `limits`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { criticalPathLowerBound } from "./critical_path.ts";
 * const call = (key: string, issuedAt: number, endedAt: number) =>
 *   ({ runId: "r", key, issuedAt, endedAt, serviceMs: 100, tokens: 10, cached: false });
 * // a → b in sequence, c alongside a: the chain a, b is 200 ms long.
 * const bound = criticalPathLowerBound([call("a", 0, 150), call("c", 0, 120), call("b", 160, 300)], {
 *   concurrency: 8,
 * });
 * assert.equal(bound.criticalPathMs, 200);
 * assert.equal(bound.binding, "critical path");
 * ```
 */
export function criticalPathLowerBound(calls: readonly DagCall[], limits: DagLimits): LowerBound {
  const byIssue = [...calls].sort((a, b) => a.issuedAt - b.issuedAt);
  const runs = new Map<string, { ends: DagCall[]; next: number; best: number }>();
  for (const call of byIssue) {
    const run = runs.get(call.runId) ?? { ends: [], next: 0, best: 0 };
    run.ends.push(call);
    runs.set(call.runId, run);
  }
  for (const run of runs.values()) run.ends.sort((a, b) => a.endedAt - b.endedAt);
  const finish = new Map<DagCall, number>();
  const sentFinish = new Map<string, number>();
  let criticalPathMs = 0, criticalRun: string | null = null;
  for (const call of byIssue) {
    const run = runs.get(call.runId)!;
    // Every call of the run that ended before this one was issued was issued earlier still, so
    // its EF is known: fold it into the run's running maximum.
    while (run.next < run.ends.length && run.ends[run.next].endedAt <= call.issuedAt) {
      const ended = run.ends[run.next];
      const done = ended.bulk ? undefined : finish.get(ended);
      if (done !== undefined) run.best = Math.max(run.best, done);
      run.next++;
    }
    let ef = run.best + call.serviceMs;
    if (call.cached) ef = Math.max(ef, sentFinish.get(call.key) ?? 0);
    else if (!sentFinish.has(call.key)) sentFinish.set(call.key, ef);
    finish.set(call, ef);
    if (ef > criticalPathMs) [criticalPathMs, criticalRun] = [ef, call.runId];
  }
  const sent = calls.filter((c) => !c.cached);
  const service = sent.reduce((sum, c) => sum + c.serviceMs, 0);
  const tokens = sent.reduce((sum, c) => sum + c.tokens, 0);
  const throughputMs = service / Math.max(1, limits.concurrency);
  const rpmMs = limits.rpm ? Math.max(0, sent.length - limits.rpm) / limits.rpm * MINUTE_MS : 0;
  const tpmMs = limits.tpm ? Math.max(0, tokens - limits.tpm) / limits.tpm * MINUTE_MS : 0;
  const terms = [
    ["critical path", criticalPathMs],
    ["concurrency", throughputMs],
    ["rpm", rpmMs],
    ["tpm", tpmMs],
  ] as const;
  const [binding, boundMs] = terms.reduce((top, term) => term[1] > top[1] ? term : top);
  return { boundMs, criticalPathMs, throughputMs, rpmMs, tpmMs, binding, criticalRun };
}
