// Embeddings through the LLM layer: the OpenAI backend calls the endpoint's /embeddings (here
// the fake server), the call is cached and accounted like any call, and the dry run answers
// the same vectors offline.
import assert from "node:assert/strict";
import { createDryRunLlm, createLlm } from "../../lib/llm/llm.ts";
import { cosineSimilarity, embedTexts, hashedEmbedding } from "../../lib/llm/embed.ts";
import { OpenAiBackend } from "../../lib/llm/openai_backend.ts";
import { startFakeOpenAi } from "../../lib/testing/fake_openai_server.ts";
import { testConfig } from "./_llm_fixtures.ts";

Deno.test("embed: the embedder role posts to /embeddings; a repeat is a cache hit", async () => {
  const server = await startFakeOpenAi();
  const llm = createLlm({
    config: testConfig({
      defaults: { baseUrl: server.url, apiKeyEnv: "FAKE_KEY", model: "m" },
      roles: { embedder: { model: "text-embedding-3-small" } },
      cache: { mode: "live" },
    }),
    backend: new OpenAiBackend({ env: { FAKE_KEY: "k" } }),
  });
  try {
    const texts = ["Penalize long summaries.", "Reward clear grammar."];
    const vectors = await embedTexts(llm, texts);
    assert.deepEqual(vectors, texts.map((t) => hashedEmbedding(t)));
    const sent = server.requests.filter((r) => r.path === "/v1/embeddings");
    assert.equal(sent.length, 2);
    assert.deepEqual(sent.map((r) => (r.body as { model: string }).model), [
      "text-embedding-3-small",
      "text-embedding-3-small",
    ]);
    await embedTexts(llm, texts);
    assert.equal(server.requests.filter((r) => r.path === "/v1/embeddings").length, 2);
    const usage = llm.usage().roles.embedder;
    assert.equal(usage.calls, 2, "sent calls");
    assert.equal(usage.cacheHits, 2);
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
