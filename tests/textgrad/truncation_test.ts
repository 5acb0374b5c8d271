import assert from "node:assert/strict";
import { CallCache } from "../../lib/llm/call_cache.ts";
import { createLlm } from "../../lib/llm/llm.ts";
import { DEFAULT_PROFILE } from "../../lib/loop/mod.ts";
import { runGradientStage, runLossStage, runOptimizerStage } from "../../lib/textgrad/mod.ts";
import { ScriptedBackend, testConfig } from "../llm/_llm_fixtures.ts";
import { context, predictions } from "./_context.ts";
import { defaultAnswer } from "../judge/_fake_llm.ts";

/** A real facade whose backend cuts every free-text answer at max_tokens, over one cache. */
function truncatingLlm(cache: CallCache) {
  const backend = new ScriptedBackend(({ request }) => ({
    text: defaultAnswer(request).slice(0, 12),
    finishReason: "length",
    model: "m",
  }));
  const llm = createLlm({ config: testConfig(), backend, cache, cacheMode: "live" });
  return { llm, backend };
}

async function oneStep(cache: CallCache) {
  const { llm, backend } = truncatingLlm(cache);
  const ctx = context("SSS", DEFAULT_PROFILE, undefined, { llm });
  const judged = predictions();
  const losses = await runLossStage(ctx, judged);
  const gradients = await runGradientStage(ctx, judged, losses);
  const { records } = await runOptimizerStage(ctx, judged, gradients);
  return { losses, gradients, records, sends: backend.sends };
}

Deno.test("truncated loss, gradient and S-optimizer answers are used and flagged, not fatal", async () => {
  const cache = new CallCache(":memory:");
  const first = await oneStep(cache);
  for (const record of [...first.losses, ...first.gradients, ...first.records]) {
    assert.equal((record.data as { truncated?: boolean }).truncated, true, record.stage);
    assert.equal(record.text.length, 12);
  }
  assert.equal(first.records.length, 4);
  // A resume replays the cached truncated answers and gets past them without sending anything.
  const again = await oneStep(cache);
  assert.equal(again.sends, 0);
  assert.deepEqual(again.losses, first.losses);
  assert.deepEqual(again.records, first.records);
  cache.close();
});
