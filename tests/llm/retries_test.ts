import assert from "node:assert/strict";
import { callLogger } from "../../lib/experiment/call_log.ts";
import type { CallLogEntry } from "../../lib/experiment/types.ts";
import { ConnectionError, RateLimitError, ServerError } from "../../lib/llm/errors.ts";
import { type CallEvent, createLlm } from "../../lib/llm/llm.ts";
import { formatProgress, ProgressReporter } from "../../lib/display/progress.ts";
import { Scheduler } from "../../lib/llm/scheduler.ts";
import { ask, ScriptedBackend, testConfig } from "./_llm_fixtures.ts";

Deno.test("each call records its retries by error class; progress counts them", async () => {
  const failures = [
    new RateLimitError("429"),
    new ServerError("503", { status: 503 }),
    new ConnectionError("reset"),
  ];
  const backend = new ScriptedBackend((_, index) => {
    if (index < failures.length) throw failures[index];
    return { text: "ok", finishReason: "stop", model: "m" };
  });
  const events: CallEvent[] = [];
  const entries: CallLogEntry[] = [];
  const config = testConfig({ cache: { mode: "off" }, defaults: { maxRetries: 5 } });
  const progress = new ProgressReporter({ output: "silent" });
  const log = callLogger(config, (entry) => entries.push(entry));
  const llm = createLlm({
    config,
    backend,
    scheduler: new Scheduler({ baseDelayMs: 1, maxDelayMs: 2 }),
    onCall: (event) => {
      progress.observe(event);
      events.push(event);
      log(event);
    },
  });
  await llm.complete(ask("first"));
  await llm.complete(ask("second"));
  assert.deepEqual(events[0].retries, ["RateLimitError", "ServerError", "ConnectionError"]);
  assert.deepEqual(events[1].retries, []);
  assert.equal(entries[0].attempts, 4);
  assert.deepEqual(entries[0].retryErrors, ["RateLimitError", "ServerError", "ConnectionError"]);
  assert.equal(entries[1].attempts, 1);
  assert.equal(progress.snapshot().retries, 3);
  assert.match(formatProgress(progress.snapshot()), /\| retries 3 \|/);
  llm.close();
});
