import assert from "node:assert/strict";
import { BudgetExceededError } from "../../lib/llm/errors.ts";
import { callCostUsd, UsageMeter } from "../../lib/llm/usage.ts";

const price = { inputPerMillion: 10, outputPerMillion: 30 };

Deno.test("callCostUsd prices input and output tokens per million, $0 without a price", () => {
  assert.equal(callCostUsd({ inputTokens: 100_000, outputTokens: 10_000 }, price), 1.3);
  assert.equal(callCostUsd({ inputTokens: 100_000, outputTokens: 10_000 }), 0);
});

Deno.test("the meter sums per role and in total; hits cost nothing", () => {
  const meter = new UsageMeter();
  meter.record("judge", { inputTokens: 1000, outputTokens: 10, estimated: false }, price);
  meter.record("judge", {
    inputTokens: 500,
    outputTokens: 20,
    reasoningTokens: 12,
    estimated: true,
  }, price);
  meter.record("loss", { inputTokens: 100, outputTokens: 100, estimated: false });
  meter.recordHit("judge");
  meter.recordFailure("loss");
  const snapshot = meter.snapshot();
  assert.deepEqual(snapshot.roles.judge, {
    calls: 2,
    cacheHits: 1,
    failures: 0,
    inputTokens: 1500,
    outputTokens: 30,
    reasoningTokens: 12,
    estimatedCalls: 1,
    unpricedCalls: 0,
    costUsd: (1500 * 10 + 30 * 30) / 1e6, // reasoning tokens are output tokens, charged once
  });
  assert.equal(snapshot.total.reasoningTokens, 12);
  assert.equal(snapshot.roles.loss.unpricedCalls, 1);
  assert.equal(snapshot.total.calls, 3);
  assert.equal(snapshot.total.failures, 1);
  assert.deepEqual(JSON.parse(JSON.stringify(snapshot)), snapshot, "snapshot is plain data");
});

Deno.test("reserve refuses a call that would pass the budget, counting calls in flight", () => {
  const meter = new UsageMeter({ budgetUsd: 1 });
  const first = meter.reserve("judge", 0.4);
  meter.reserve("judge", 0.4);
  assert.throws(() => meter.reserve("judge", 0.4, "third"), (error: unknown) => {
    assert.ok(error instanceof BudgetExceededError);
    assert.equal(error.label, "third");
    assert.match(error.message, /resume/);
    return true;
  });
  meter.release(first);
  meter.reserve("judge", 0.4);
});

Deno.test("expected output tokens: maxTokens before any call, then the mean", () => {
  const meter = new UsageMeter();
  assert.equal(meter.expectedOutputTokens("judge", 256), 256);
  meter.record("judge", { inputTokens: 1, outputTokens: 20, estimated: false });
  meter.record("judge", { inputTokens: 1, outputTokens: 41, estimated: false });
  assert.equal(meter.expectedOutputTokens("judge", 256), 31);
  assert.equal(meter.expectedOutputTokens("judge", 16), 16);
});
