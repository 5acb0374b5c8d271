// Embeddings through the LLM layer: the OpenAI backend calls the endpoint's /embeddings (here
// the fake server), the call is cached and accounted like any call, and the dry run answers
// the same vectors offline.
import assert from "node:assert/strict";
import { createDryRunLlm, createLlm } from "../../lib/llm/llm.ts";
import { cosineSimilarity, embedTexts, hashedEmbedding } from "../../lib/llm/embed.ts";
import { OpenAiBackend } from "../../lib/llm/openai_backend.ts";
import { startFakeOpenAi } from "../../lib/testing/fake_openai_server.ts";
import { testConfig } from "./_llm_fixtures.ts";

Deno.test("embed: the embedder role posts batches to /embeddings; a repeat is a cache hit", async () => {
  const server = await startFakeOpenAi();
  const events: boolean[] = [];
  const llm = createLlm({
    config: testConfig({
      defaults: { baseUrl: server.url, apiKeyEnv: "FAKE_KEY", model: "m" },
      roles: { embedder: { model: "text-embedding-3-small" } },
      cache: { mode: "live" },
    }),
    backend: new OpenAiBackend({ env: { FAKE_KEY: "k" } }),
    onCall: (event) => events.push(event.cached),
  });
  try {
    const texts = ["Penalize long summaries.", "Reward clear grammar.", "Check the facts."];
    const vectors = await embedTexts(llm, texts, { batchSize: 2 });
    assert.deepEqual(vectors, texts.map((t) => hashedEmbedding(t)));
    const sent = server.requests.filter((r) => r.path === "/v1/embeddings");
    assert.equal(sent.length, 2, "⌈3 / 2⌉ requests");
    assert.deepEqual(sent.map((r) => ({ ...(r.body as object), encoding_format: undefined })), [
      { model: "text-embedding-3-small", input: texts.slice(0, 2), encoding_format: undefined },
      { model: "text-embedding-3-small", input: texts[2], encoding_format: undefined },
    ]);
    await embedTexts(llm, texts, { batchSize: 2 });
    assert.equal(server.requests.filter((r) => r.path === "/v1/embeddings").length, 2);
    const usage = llm.usage().roles.embedder;
    assert.equal(usage.calls, 2, "sent calls");
    assert.equal(usage.cacheHits, 2);
    assert.deepEqual(events, [false, false, true, true], "each request is one logged call");
  } finally {
    llm.close();
    await server.close();
  }
});

Deno.test("embed: the dry run answers the fake server's vectors; a planted contradiction is close", async () => {
  const llm = createDryRunLlm({ seed: 3 });
  try {
    const [a, b, c] = await embedTexts(llm, [
      "Penalize summaries longer than three sentences.",
      "Do not penalize summaries longer than three sentences.",
      "Check facts against the source article.",
    ]);
    assert.ok(cosineSimilarity(a, b) > 0.99);
    assert.ok(cosineSimilarity(a, c) < 0.3);
    assert.ok(
      (await llm.complete({
        role: "embedder",
        messages: [{ role: "user", content: "x" }],
        hint: { kind: "embedding" },
      })).dryRun,
    );
  } finally {
    llm.close();
  }
});

Deno.test("embed: batched and one-per-text answers are identical; one request per batch", async () => {
  const texts = Array.from(
    { length: 7 },
    (_, i) => `Suggestion ${i}: penalize vague summaries ${i}.`,
  );
  const one = createDryRunLlm({ seed: 3 }), batched = createDryRunLlm({ seed: 3 });
  try {
    const single = await embedTexts(one, texts, { batchSize: 1 });
    assert.equal(one.usage().roles.embedder.calls, 7);
    assert.deepEqual(await embedTexts(batched, texts, { batchSize: 3 }), single);
    assert.equal(batched.usage().roles.embedder.calls, 3, "⌈7 / 3⌉");
    assert.deepEqual(single, texts.map((t) => hashedEmbedding(t)));
    await assert.rejects(() => embedTexts(batched, texts, { batchSize: 0 }), RangeError);
  } finally {
    one.close();
    batched.close();
  }
});
