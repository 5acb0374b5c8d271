import assert from "node:assert/strict";
import { z } from "zod";
import { CallCache } from "../../lib/llm/call_cache.ts";
import { createDryRunBackend } from "../../lib/llm/dry_run_backend.ts";
import {
  BadRequestError,
  BudgetExceededError,
  CancelledError,
  LengthError,
  ReplayMissError,
} from "../../lib/llm/errors.ts";
import { type CallEvent, createDryRunLlm, createLlm } from "../../lib/llm/llm.ts";
import { ProgressReporter } from "../../lib/display/progress.ts";
import { ask, ScriptedBackend, testConfig } from "./_llm_fixtures.ts";

const reply = (text: string) => ({
  text,
  finishReason: "stop",
  model: "m",
  usage: { inputTokens: 10, outputTokens: 5 },
});

Deno.test("live mode serves repeats from the cache and fills it", async () => {
  const backend = new ScriptedBackend((_call, i) => reply(`answer ${i}`));
  const llm = createLlm({ config: testConfig(), backend });
  const first = await llm.complete(ask("q"));
  const second = await llm.complete(ask("q"));
  assert.equal(backend.sends, 1);
  assert.deepEqual([first.cached, second.cached], [false, true]);
  assert.equal(second.text, "answer 0");
  assert.equal(first.key, llm.keyOf(ask("q")));
  assert.equal(llm.cache?.size(), 1);
  assert.deepEqual(first.usage, { inputTokens: 10, outputTokens: 5, estimated: false });
  assert.equal(llm.usage().roles.judge.cacheHits, 1);
  const other = await llm.complete(ask("q", "judge", 2));
  assert.equal(other.text, "answer 1", "another draw is another sample");
  llm.close();
});

Deno.test("record mode always sends and overwrites; replay mode never sends", async () => {
  const cache = new CallCache(":memory:");
  const backend = new ScriptedBackend((_call, i) => reply(`answer ${i}`));
  const config = testConfig();
  const live = createLlm({ config, backend, cache });
  await live.complete(ask("q"));
  const recorder = createLlm({ config, backend, cache, cacheMode: "record" });
  assert.equal((await recorder.complete(ask("q"))).text, "answer 1");
  assert.equal(cache.get(live.keyOf(ask("q")))?.text, "answer 1");
  const replay = createLlm({ config, backend, cache, cacheMode: "replay" });
  assert.equal((await replay.complete(ask("q"))).text, "answer 1");
  await assert.rejects(() => replay.complete(ask("unseen")), (error: unknown) => {
    assert.ok(error instanceof ReplayMissError);
    assert.match(error.message, /judge call "test unseen"/);
    assert.ok(error.message.includes(replay.keyOf(ask("unseen"))));
    return true;
  });
  assert.equal(backend.sends, 2);
  cache.close();
});

Deno.test("off mode neither reads nor writes, but still coalesces identical calls", async () => {
  const backend = new ScriptedBackend(async (_call, i) => {
    await new Promise((resolve) => setTimeout(resolve, 20));
    return reply(`answer ${i}`);
  });
  const llm = createLlm({ config: testConfig({ cache: { mode: "off" } }), backend });
  assert.equal(llm.cache, undefined);
  const together = await Promise.all([llm.complete(ask("q")), llm.complete(ask("q"))]);
  assert.equal(backend.sends, 1);
  assert.deepEqual(together.map((r) => r.text), ["answer 0", "answer 0"]);
  await llm.complete(ask("q"));
  assert.equal(backend.sends, 2);
});

Deno.test("100 identical concurrent calls make one backend call", async () => {
  const backend = new ScriptedBackend(async () => {
    await new Promise((resolve) => setTimeout(resolve, 30));
    return reply("shared");
  });
  const events: CallEvent[] = [];
  const llm = createLlm({ config: testConfig(), backend, onCall: (e) => events.push(e) });
  const results = await Promise.all(Array.from({ length: 100 }, () => llm.complete(ask("q"))));
  assert.equal(backend.sends, 1);
  assert.equal(results.filter((r) => !r.cached).length, 1);
  assert.ok(results.every((r) => r.text === "shared"));
  assert.equal(events.length, 100);
  assert.equal(events.filter((e) => e.coalesced).length, 99);
  assert.deepEqual(
    [llm.usage().total.calls, llm.usage().total.cacheHits],
    [1, 99],
  );
  llm.close();
});

Deno.test("errors are not cached: the next identical call is sent again", async () => {
  const backend = new ScriptedBackend((_call, i) => {
    if (i === 0) throw new BadRequestError("model not found", { status: 404 });
    return reply("recovered");
  });
  const events: CallEvent[] = [];
  const llm = createLlm({ config: testConfig(), backend, onCall: (e) => events.push(e) });
  await assert.rejects(() => llm.complete(ask("q")), BadRequestError);
  assert.equal(llm.cache?.size(), 0);
  assert.equal((await llm.complete(ask("q"))).text, "recovered");
  assert.equal(backend.sends, 2);
  assert.ok(events[0].error instanceof BadRequestError && events[0].result === undefined);
  assert.equal(llm.usage().roles.judge.failures, 1);
  llm.close();
});

Deno.test("the budget stops new calls within one call of the limit; a rerun resumes", async () => {
  const price = { inputPerMillion: 1000, outputPerMillion: 1000 };
  const config = testConfig({ defaults: { price, maxTokens: 50 } });
  const cache = new CallCache(":memory:");
  const backend = new ScriptedBackend(() => ({
    text: "x",
    finishReason: "stop",
    model: "m",
    usage: { inputTokens: 20, outputTokens: 30 },
  }));
  const perCall = 50 * 1000 / 1e6; // $0.05
  const budgetUsd = 0.42;
  const llm = createLlm({ config, backend, cache, budgetUsd });
  let done = 0;
  await assert.rejects(async () => {
    for (;; done++) await llm.complete(ask(`item ${done}`));
  }, BudgetExceededError);
  const spent = llm.usage().total.costUsd;
  assert.ok(spent <= budgetUsd + 1e-9, `spent ${spent}`);
  assert.ok(spent + perCall > budgetUsd, `stopped early at ${spent}`);
  assert.equal(done, 8);

  const resumed = createLlm({ config, backend, cache, budgetUsd: 1 });
  for (let i = 0; i < 10; i++) await resumed.complete(ask(`item ${i}`));
  assert.equal(resumed.usage().total.cacheHits, 8);
  assert.equal(resumed.usage().total.calls, 2);
  cache.close();
});

Deno.test("concurrent calls cannot overrun the budget together", async () => {
  const price = { inputPerMillion: 1000, outputPerMillion: 1000 };
  const config = testConfig({ defaults: { price, maxTokens: 50 } });
  const backend = new ScriptedBackend(async () => {
    await new Promise((resolve) => setTimeout(resolve, 10));
    return {
      text: "x",
      finishReason: "stop",
      model: "m",
      usage: { inputTokens: 20, outputTokens: 30 },
    };
  });
  const llm = createLlm({ config, backend, budgetUsd: 0.42 });
  const outcomes = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) => llm.complete(ask(`c${i}`))),
  );
  assert.ok(llm.usage().total.costUsd <= 0.42 + 1e-9);
  assert.ok(
    outcomes.some((o) => o.status === "rejected" && o.reason instanceof BudgetExceededError),
  );
  llm.close();
});

Deno.test("a truncated answer throws LengthError from complete and is re-asked by structured", async () => {
  const backend = new ScriptedBackend((_call, i) => {
    if (i === 0) throw new LengthError("cut", { partialText: '{"score": ' });
    return reply('{"score": 3}');
  });
  const llm = createLlm({ config: testConfig(), backend });
  await assert.rejects(() => llm.complete(ask("q")), (error: unknown) => {
    return error instanceof LengthError && error.partialText === '{"score": ';
  });
  const result = await llm.structured(ask("q"), z.object({ score: z.int() }));
  assert.ok(result.ok && result.value.score === 3);
  assert.equal(result.attempts, 2, "the cached truncated answer, then the re-ask");
  llm.close();
});

Deno.test("a cached dry-run answer never stands in for a real call", async () => {
  const cache = new CallCache(":memory:");
  const config = testConfig();
  const dry = createLlm({ config, backend: createDryRunBackend(), cache });
  const synthetic = await dry.complete(ask("q"));
  assert.equal(synthetic.dryRun, true);
  const backend = new ScriptedBackend(() => reply("real"));
  const real = createLlm({ config, backend, cache });
  const answer = await real.complete(ask("q"));
  assert.deepEqual([answer.text, answer.dryRun, answer.cached], ["real", false, false]);
  const rehearsal = await dry.complete(ask("q"));
  assert.deepEqual(
    [rehearsal.text, rehearsal.cached],
    ["real", true],
    "real answers serve dry runs",
  );
  const replay = createLlm({
    config,
    backend,
    cache: new CallCache(":memory:"),
    cacheMode: "replay",
  });
  await assert.rejects(() => replay.complete(ask("q")), ReplayMissError);
  cache.close();
});

Deno.test("createDryRunLlm runs structured judge calls offline, marked as dry run", async () => {
  const progress = new ProgressReporter({ output: "silent" });
  const llm = createDryRunLlm({ seed: 5, onCall: progress.observe });
  const hint = {
    kind: "judge" as const,
    criteria: [{ name: "coherence", min: 1, max: 5 }, { name: "fluency", min: 1, max: 3 }],
  };
  const schema = z.object({ coherence: z.int().min(1).max(5), fluency: z.int().min(1).max(3) });
  for (let i = 0; i < 20; i++) {
    const result = await llm.structured({ ...ask(`summary ${i}`), hint }, schema);
    assert.ok(result.ok, !result.ok ? result.issues.join() : "");
    assert.equal(result.result.dryRun, true);
    assert.ok(result.result.model.startsWith("dry-run/"));
  }
  const usage = llm.usage();
  assert.equal(usage.dryRun, true);
  assert.equal(usage.total.calls, 20);
  assert.equal(usage.total.estimatedCalls, 20);
  assert.equal(progress.dryRun, true);
  assert.equal(progress.snapshot().done, 20);
  llm.close();
});

Deno.test("dry-run faults are re-asked and, when re-asks run out, returned as data", async () => {
  const llm = createDryRunLlm({ faultRate: 1 });
  const hint = { kind: "judge" as const, criteria: [{ name: "fluency", min: 1, max: 5 }] };
  const result = await llm.structured({ ...ask("s"), hint }, z.object({ fluency: z.int() }), {
    reask: 1,
  });
  assert.ok(!result.ok);
  assert.equal(result.attempts, 2);
  assert.ok(result.raw.startsWith("[dry-run]"));
  llm.close();
});

Deno.test("a dry run counts the whole experiment unless given its own budget", async () => {
  const price = { inputPerMillion: 1000, outputPerMillion: 1000 };
  const config = testConfig({ defaults: { price }, budgetUsd: 0.01 });
  const full = createDryRunLlm({ config });
  for (let i = 0; i < 5; i++) await full.complete(ask(`q${i}`, "loss"));
  assert.ok(full.usage().total.costUsd > 0.01);
  assert.equal(full.usage().budgetUsd, undefined);
  const capped = createDryRunLlm({ config, budgetUsd: 0.3 });
  await assert.rejects(async () => {
    for (let i = 0; i < 1000; i++) await capped.complete(ask(`q${i}`, "loss"));
  }, BudgetExceededError);
  assert.ok(capped.usage().total.costUsd <= 0.3);
  full.close();
  capped.close();
});

Deno.test("cancelling one caller does not fail the others that joined its call", async () => {
  const backend = new ScriptedBackend(async (_call, i) => {
    await new Promise((resolve) => setTimeout(resolve, 30));
    return reply(`answer ${i}`);
  });
  const llm = createLlm({ config: testConfig({ cache: { mode: "off" } }), backend });
  const controller = new AbortController();
  const leader = llm.complete(ask("q"), { signal: controller.signal });
  const follower = llm.complete(ask("q"));
  await new Promise((resolve) => setTimeout(resolve, 5));
  controller.abort();
  await assert.rejects(() => leader, CancelledError);
  assert.equal((await follower).text.startsWith("answer"), true);
  llm.close();
});

Deno.test("a caller that joined an identical call can still cancel its own wait", async () => {
  let finish: (() => void) | undefined;
  const backend = new ScriptedBackend(async () => {
    await new Promise<void>((resolve) => (finish = resolve));
    return reply("late");
  });
  const llm = createLlm({ config: testConfig({ cache: { mode: "off" } }), backend });
  const leader = llm.complete(ask("q"));
  const controller = new AbortController();
  const follower = llm.complete(ask("q"), { signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 5));
  controller.abort();
  const outcome = await Promise.race([
    follower.then(() => "answered", (error) => error),
    new Promise((resolve) => setTimeout(() => resolve("still waiting"), 50)),
  ]);
  assert.ok(outcome instanceof CancelledError, String(outcome));
  finish!();
  assert.equal((await leader).text, "late");
  assert.equal(backend.sends, 1);
  llm.close();
});

Deno.test("a dry run in record mode never overwrites a real recorded answer", async () => {
  const cache = new CallCache(":memory:");
  const config = testConfig();
  const real = createLlm({ config, backend: new ScriptedBackend(() => reply("paid")), cache });
  await real.complete(ask("q"));
  const dry = createLlm({ config, backend: createDryRunBackend(), cache, cacheMode: "record" });
  assert.equal((await dry.complete(ask("q"))).dryRun, true);
  const fresh = await dry.complete(ask("new"));
  const stored = cache.get(real.keyOf(ask("q")));
  assert.deepEqual([stored?.text, stored?.dryRun], ["paid", false]);
  assert.equal(cache.get(fresh.key)?.dryRun, true, "synthetic answers are still recorded");
  cache.close();
});
