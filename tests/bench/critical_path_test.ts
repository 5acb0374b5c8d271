import assert from "node:assert/strict";
import { criticalPathLowerBound, type DagCall } from "../../lib/bench/critical_path.ts";

function call(runId: string, key: string, issuedAt: number, endedAt: number, serviceMs: number) {
  return { runId, key, issuedAt, endedAt, serviceMs, tokens: 100, cached: false } as DagCall;
}

Deno.test("the critical path follows each run's chain of calls, not the queueing they met", () => {
  // Run a: a1 → (a2 ∥ a3) → a4, each issued when its predecessors ended; a3 waited in a queue.
  // Run b: one shorter call alongside.
  const calls = [
    call("a", "a1", 0, 100, 100),
    call("a", "a2", 100, 150, 50),
    call("a", "a3", 100, 400, 80), // queued for 220 ms: the ideal path counts its 80 ms only
    call("a", "a4", 400, 420, 20),
    call("b", "b1", 0, 150, 150),
  ];
  const bound = criticalPathLowerBound(calls, { concurrency: 100 });
  assert.equal(bound.criticalPathMs, 100 + 80 + 20);
  assert.equal(bound.binding, "critical path");
  assert.equal(bound.criticalRun, "a");
  assert.equal(bound.boundMs, 200);
});

Deno.test("calls of different runs never depend on each other", () => {
  const calls = [call("a", "x", 0, 100, 100), call("b", "y", 200, 300, 100)];
  assert.equal(criticalPathLowerBound(calls, { concurrency: 10 }).criticalPathMs, 100);
});

Deno.test("a cache hit cannot finish before the call it reuses", () => {
  const calls = [
    call("a", "k", 0, 500, 500),
    { ...call("b", "k", 10, 500, 0), cached: true },
    call("b", "next", 500, 510, 10),
  ];
  assert.equal(criticalPathLowerBound(calls, { concurrency: 10 }).criticalPathMs, 510);
});

Deno.test("with little concurrency the endpoint's throughput binds", () => {
  const calls = Array.from({ length: 40 }, (_, i) => call(`r${i}`, `k${i}`, 0, 100, 100));
  const bound = criticalPathLowerBound(calls, { concurrency: 4 });
  assert.equal(bound.throughputMs, 1000);
  assert.equal(bound.binding, "concurrency");
  assert.equal(bound.boundMs, 1000);
});

Deno.test("requests and tokens beyond a minute's quota bind at their rate", () => {
  const calls = Array.from({ length: 300 }, (_, i) => call(`r${i}`, `k${i}`, 0, 10, 10));
  const rpm = criticalPathLowerBound(calls, { concurrency: 1000, rpm: 100 });
  assert.equal(rpm.binding, "rpm");
  assert.equal(rpm.rpmMs, 120_000); // 200 requests beyond the first minute's 100, at 100 a minute
  const tpm = criticalPathLowerBound(calls, { concurrency: 1000, tpm: 10_000 });
  assert.equal(tpm.binding, "tpm");
  assert.equal(tpm.tpmMs, 120_000); // 30,000 tokens: 20,000 beyond the first minute
});

Deno.test("a bulk call (test evaluation) is never taken as a predecessor of the next step", () => {
  // Step 0's chain ends at 100; its test evaluation (bulk, 300 ms) ends before step 1's call is
  // issued, but the run did not wait for it: step 1 chains on the step-0 call only.
  const calls = [
    call("a", "s0", 0, 100, 100),
    { ...call("a", "test", 100, 400, 300), bulk: true },
    call("a", "s1", 450, 500, 50),
  ];
  const bound = criticalPathLowerBound(calls, { concurrency: 100 });
  assert.equal(bound.criticalPathMs, 400, "the longest chain is s0 → test (100 + 300)");
  const asPredecessor = criticalPathLowerBound(
    calls.map((c) => ({ ...c, bulk: false })),
    { concurrency: 100 },
  );
  assert.equal(asPredecessor.criticalPathMs, 450, "as a predecessor it would lengthen s1's chain");
});
