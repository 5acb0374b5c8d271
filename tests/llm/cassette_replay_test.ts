/** A committed cassette replays with no backend: cassette format and call keys stay stable. */
import assert from "node:assert/strict";
import { CallCache } from "../../lib/llm/call_cache.ts";
import { importCassette } from "../../lib/llm/cassette.ts";
import { createLlm } from "../../lib/llm/llm.ts";
import type { ChatRequest } from "../../lib/llm/types.ts";
import { ScriptedBackend, testConfig } from "./_llm_fixtures.ts";

/** Every key-relevant setting is explicit, so changed built-in defaults cannot move the keys. */
export const FIXTURE_SETTINGS = {
  defaults: {
    baseUrl: "http://fixture.invalid/v1",
    model: "fixture-model",
    temperature: 0,
    maxTokens: 100,
    structuredOutput: "prompt",
  },
};

/** The calls recorded in `tests/fixtures/llm/replay_cassette.jsonl`. */
export const FIXTURE_CALLS: ChatRequest[] = [
  {
    role: "judge",
    messages: [
      { role: "system", content: "Rate fluency and coherence from 1 to 5 as JSON." },
      { role: "user", content: "Summary: The cat sat." },
    ],
  },
  { role: "loss", messages: [{ role: "user", content: "Prediction 4, truth 3." }], draw: 0 },
  { role: "loss", messages: [{ role: "user", content: "Prediction 4, truth 3." }], draw: 1 },
];

const CASSETTE = new URL("../fixtures/llm/replay_cassette.jsonl", import.meta.url);

Deno.test("the committed cassette replays every recorded call without a backend", async () => {
  const cache = new CallCache(":memory:");
  assert.equal(await importCassette(cache, CASSETTE.pathname), FIXTURE_CALLS.length);
  const backend = new ScriptedBackend(() => {
    throw new Error("replay must not send");
  });
  const llm = createLlm({
    config: testConfig(FIXTURE_SETTINGS),
    backend,
    cache,
    cacheMode: "replay",
  });
  const results = [];
  for (const call of FIXTURE_CALLS) results.push(await llm.complete(call));
  assert.equal(backend.sends, 0);
  assert.deepEqual(results.map((result) => result.text), [
    '{"fluency": 3, "coherence": 4}',
    "The prediction is one point too high (sample 0).",
    "The prediction is one point too high (sample 1).",
  ]);
  assert.ok(results.every((result) => result.cached && result.model === "fixture-model-2026"));
  cache.close();
});
