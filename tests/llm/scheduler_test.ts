import assert from "node:assert/strict";
import { parseLlmConfig, type RoleEndpoint } from "../../lib/llm/config.ts";
import {
  BadRequestError,
  CancelledError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from "../../lib/llm/errors.ts";
import { type RetryEvent, Scheduler } from "../../lib/llm/scheduler.ts";
import { seededRandom } from "../../lib/random.ts";
import { FakeClock } from "../../lib/testing/fake_clock.ts";

function endpoint(settings: Record<string, unknown> = {}): RoleEndpoint {
  const outcome = parseLlmConfig({ roles: { judge: { model: "m", ...settings } } }, {});
  if (!outcome.ok) throw new Error(outcome.issues.join("\n"));
  return outcome.value.roles.judge;
}

function setup(onRetry?: (event: RetryEvent) => void) {
  const clock = new FakeClock();
  const scheduler = new Scheduler({
    now: clock.now,
    sleep: clock.sleep,
    random: seededRandom(1),
    onRetry,
  });
  return { clock, scheduler };
}

/** A task whose first run gets a 429 with `retry-after` 5 s; records when each run started. */
function rateLimitedOnce(clock: FakeClock) {
  const startedAt: number[] = [];
  let first = true;
  const limited = () => {
    startedAt.push(clock.now());
    if (first) {
      first = false;
      return Promise.reject(new RateLimitError("429", { retryAfterMs: 5000 }));
    }
    return Promise.resolve("ok");
  };
  return { startedAt, limited };
}

/** A task that stays running until released; counts how many run at once. */
function gate() {
  let active = 0;
  let maxActive = 0;
  let started = 0;
  const releases: (() => void)[] = [];
  const task = () => {
    started++;
    active++;
    maxActive = Math.max(maxActive, active);
    return new Promise<string>((resolve) => {
      releases.push(() => {
        active--;
        resolve("done");
      });
    });
  };
  return {
    task,
    get started() {
      return started;
    },
    get maxActive() {
      return maxActive;
    },
    releaseAll: () => releases.splice(0).forEach((release) => release()),
  };
}

Deno.test("scheduler keeps at most `concurrency` calls of an endpoint in flight", async () => {
  const { clock, scheduler } = setup();
  const e = endpoint({ limits: { concurrency: 2 } });
  const g = gate();
  const all = Promise.all(Array.from({ length: 5 }, () => scheduler.run(e, g.task)));
  await clock.advance(0);
  assert.equal(g.started, 2);
  for (let i = 0; i < 3; i++) {
    g.releaseAll();
    await clock.advance(0);
  }
  assert.deepEqual(await all, Array(5).fill("done"));
  assert.equal(g.maxActive, 2);
});

Deno.test("scheduler starts at most `rpm` calls in any 60 s window", async () => {
  const { clock, scheduler } = setup();
  const e = endpoint({ limits: { concurrency: 100, rpm: 3 } });
  let started = 0;
  const task = () => Promise.resolve(++started);
  const all = Promise.all(Array.from({ length: 7 }, () => scheduler.run(e, task)));
  await clock.advance(0);
  assert.equal(started, 3);
  await clock.advance(59_999);
  assert.equal(started, 3);
  await clock.advance(1);
  assert.equal(started, 6);
  await clock.advance(60_000);
  assert.equal(started, 7);
  await all;
});

Deno.test("scheduler holds calls whose estimated tokens exceed the tpm window", async () => {
  const { clock, scheduler } = setup();
  const e = endpoint({ limits: { concurrency: 100, tpm: 1000 } });
  let started = 0;
  const task = () => Promise.resolve(++started);
  const run = (tokens: number) => scheduler.run(e, task, { estimatedTokens: tokens });
  const all = Promise.all([run(600), run(300), run(600), run(5000)]);
  await clock.advance(0);
  assert.equal(started, 2); // 600 + 300 fit, the next 600 would make 1500
  await clock.advance(60_000);
  assert.equal(started, 3); // the oversized call waits for an empty window
  await clock.advance(60_000);
  assert.equal(started, 4);
  await all;
});

Deno.test("scheduler retries retryable errors with growing jittered backoff", async () => {
  const events: RetryEvent[] = [];
  const { clock, scheduler } = setup((event) => events.push(event));
  const e = endpoint({ maxRetries: 5 });
  let attempts = 0;
  const task = () => {
    attempts++;
    return attempts <= 3
      ? Promise.reject(new ServerError("503", { status: 503 }))
      : Promise.resolve("ok");
  };
  const result = scheduler.run(e, task, { label: "step 1 judge" });
  await clock.advance(10_000);
  assert.equal(await result, "ok");
  assert.equal(attempts, 4);
  assert.deepEqual(events.map((event) => event.retry), [1, 2, 3]);
  events.forEach((event, i) => {
    const ceiling = 1000 * 2 ** i;
    assert.ok(event.delayMs >= ceiling / 2 && event.delayMs <= ceiling, `${event.delayMs}`);
    assert.equal(event.label, "step 1 judge");
  });
});

Deno.test("scheduler waits exactly retry-after and pauses the endpoint for other calls", async () => {
  const delays: number[] = [];
  const { clock, scheduler } = setup((event) => delays.push(event.delayMs));
  const e = endpoint({ limits: { concurrency: 10 } });
  const { startedAt, limited } = rateLimitedOnce(clock);
  const a = scheduler.run(e, limited);
  await clock.advance(0);
  const b = scheduler.run(e, limited); // arrives during the pause
  await clock.advance(4999);
  assert.deepEqual(startedAt, [0]);
  await clock.advance(1);
  assert.deepEqual(await Promise.all([a, b]), ["ok", "ok"]);
  assert.deepEqual(startedAt, [0, 5000, 5000]);
  assert.deepEqual(delays, [5000]);
});

Deno.test("scheduler does not retry non-retryable errors", async () => {
  const { scheduler } = setup();
  let attempts = 0;
  const task = () => {
    attempts++;
    return Promise.reject(new BadRequestError("unknown model", { status: 404 }));
  };
  await assert.rejects(() => scheduler.run(endpoint(), task), BadRequestError);
  assert.equal(attempts, 1);
});

Deno.test("scheduler gives up after maxRetries and throws the last error", async () => {
  const { clock, scheduler } = setup();
  let attempts = 0;
  const task = () => {
    attempts++;
    return Promise.reject(new ServerError(`500 #${attempts}`, { status: 500 }));
  };
  const result = scheduler.run(endpoint({ maxRetries: 2 }), task).catch((error) => error);
  await clock.advance(60_000);
  const error = await result;
  assert.ok(error instanceof ServerError);
  assert.equal(error.message, "500 #3");
  assert.equal(attempts, 3);
});

Deno.test("scheduler times out an attempt, aborting the task's signal", async () => {
  const { clock, scheduler } = setup();
  let seen: AbortSignal | undefined;
  const hang = (signal: AbortSignal) => {
    seen = signal;
    return new Promise<string>(() => {});
  };
  const result = scheduler.run(endpoint({ timeoutMs: 2000, maxRetries: 0 }), hang)
    .catch((error) => error);
  await clock.advance(1999);
  assert.equal(seen?.aborted, false);
  await clock.advance(1);
  const error = await result;
  assert.ok(error instanceof TimeoutError);
  assert.ok(seen?.reason instanceof TimeoutError);
});

Deno.test("cancellation stops waiting, running and retrying calls", async () => {
  const { clock, scheduler } = setup();
  const e = endpoint({ limits: { concurrency: 1 }, maxRetries: 5 });
  const controller = new AbortController();
  const signal = controller.signal;
  let runs = 0;
  const hang = (s: AbortSignal) => {
    runs++;
    return new Promise<string>((_, reject) => s.addEventListener("abort", () => reject(s.reason)));
  };
  const running = scheduler.run(e, hang, { signal }).catch((error) => error);
  const waiting = scheduler.run(e, hang, { signal }).catch((error) => error);
  await clock.advance(0);
  controller.abort();
  assert.ok((await running) instanceof CancelledError);
  assert.ok((await waiting) instanceof CancelledError);
  assert.equal(runs, 1);

  const backoff = new AbortController();
  let attempts = 0;
  const failing = () => {
    attempts++;
    return Promise.reject(new ServerError("500", { status: 500 }));
  };
  const retrying = scheduler.run(e, failing, { signal: backoff.signal }).catch((error) => error);
  await clock.advance(0);
  backoff.abort();
  assert.ok((await retrying) instanceof CancelledError);
  await clock.advance(120_000);
  assert.equal(attempts, 1);
  assert.equal(clock.pending, 0);
});

Deno.test("an already-aborted signal cancels before the task runs", async () => {
  const { scheduler } = setup();
  let ran = false;
  const task = () => {
    ran = true;
    return Promise.resolve(1);
  };
  await assert.rejects(
    () => scheduler.run(endpoint(), task, { signal: AbortSignal.abort() }),
    CancelledError,
  );
  assert.equal(ran, false);
});

Deno.test("a cancellation right after run() starts never runs the task", async () => {
  const scheduler = new Scheduler();
  const controller = new AbortController();
  let ran = false;
  const call = scheduler.run(endpoint(), () => {
    ran = true;
    return Promise.resolve("done");
  }, { signal: controller.signal });
  controller.abort();
  await assert.rejects(call, CancelledError);
  assert.equal(ran, false);
});

Deno.test("a 429's retry-after also holds calls that were queued for a slot", async () => {
  const { clock, scheduler } = setup();
  const e = endpoint({ limits: { concurrency: 1 } });
  const { startedAt, limited } = rateLimitedOnce(clock);
  const a = scheduler.run(e, limited);
  const b = scheduler.run(e, limited); // queued behind `a` before the 429 arrives
  await clock.advance(4999);
  assert.deepEqual(startedAt, [0], "nothing is sent to a paused endpoint");
  await clock.advance(1);
  assert.deepEqual(await Promise.all([a, b]), ["ok", "ok"]);
  assert.deepEqual(startedAt, [0, 5000, 5000]);
});

Deno.test("backoff never exceeds maxDelayMs; a retry-after above maxRetryAfterMs is not waited", async () => {
  const delays: number[] = [];
  const clock = new FakeClock();
  const scheduler = new Scheduler({
    now: clock.now,
    sleep: clock.sleep,
    random: seededRandom(3),
    baseDelayMs: 1000,
    maxDelayMs: 4000,
    maxRetryAfterMs: 30_000,
    onRetry: (event) => delays.push(event.delayMs),
  });
  let attempts = 0;
  const failing = () => {
    attempts++;
    return Promise.reject(new ServerError("500", { status: 500 }));
  };
  const result = scheduler.run(endpoint({ maxRetries: 8 }), failing).catch((error) => error);
  await clock.advance(100_000);
  assert.ok((await result) instanceof ServerError);
  assert.equal(attempts, 9);
  assert.ok(delays.slice(2).every((ms) => ms >= 2000 && ms <= 4000), `${delays}`);
  assert.ok(delays.every((ms) => ms <= 4000), `${delays}`);

  let calls = 0;
  const slowDown = () => {
    calls++;
    return Promise.reject(new RateLimitError("429", { retryAfterMs: 60_000 }));
  };
  const refused = await scheduler.run(endpoint(), slowDown).catch((error) => error);
  assert.ok(refused instanceof RateLimitError && refused.retryAfterMs === 60_000);
  assert.equal(calls, 1, "a retry-after beyond the cap is reported, not waited for");
});

Deno.test("a fractional rpm limits like its ceiling: 0.5 allows one start per window", async () => {
  const { clock, scheduler } = setup();
  let started = 0;
  const task = () => Promise.resolve(++started);
  const half = endpoint({ limits: { concurrency: 10, rpm: 0.5 } });
  const all = Promise.all(Array.from({ length: 2 }, () => scheduler.run(half, task)));
  await clock.advance(0);
  assert.equal(started, 1);
  await clock.advance(59_999);
  assert.equal(started, 1);
  await clock.advance(1);
  assert.equal(started, 2);
  await all;
});

Deno.test("critical calls start before bulk calls already waiting; each class keeps arrival order", async () => {
  const { scheduler } = setup();
  const judge = endpoint({ limits: { concurrency: 1 } });
  const order: string[] = [];
  const releases: (() => void)[] = [];
  const task = (name: string) => () => {
    order.push(name);
    return new Promise<void>((resolve) => releases.push(resolve));
  };
  const calls = [
    scheduler.run(judge, task("first")),
    scheduler.run(judge, task("bulk 1"), { priority: "bulk" }),
    scheduler.run(judge, task("bulk 2"), { priority: "bulk" }),
    scheduler.run(judge, task("critical 1")),
    scheduler.run(judge, task("critical 2"), { priority: "critical" }),
  ];
  for (let i = 0; i < calls.length; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    releases[i]();
  }
  await Promise.all(calls);
  assert.deepEqual(order, ["first", "critical 1", "critical 2", "bulk 1", "bulk 2"]);
});
