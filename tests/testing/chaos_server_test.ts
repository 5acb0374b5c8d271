import assert from "node:assert/strict";
import { startChaosServer } from "../../lib/testing/chaos_server.ts";

async function post(url: string, model: string, content: string, key = "k") {
  const response = await fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: "user", content }] }),
    signal: AbortSignal.timeout(300),
  }).catch((error) => error as Error);
  if (response instanceof Error) return { status: 0, text: response.name };
  return { status: response.status, text: await response.text() };
}

Deno.test("chaos server: answers are a function of the body, in the role's shape", async () => {
  const server = await startChaosServer({
    apiKey: "k",
    faultRate: 0,
    latency: { fixedMs: 0, jitterMs: 0 },
  });
  try {
    const a = await post(server.url, "chaos-judge", "rate this");
    const b = await post(server.url, "chaos-judge", "rate this");
    assert.equal(a.text, b.text);
    const scores = JSON.parse(JSON.parse(a.text).choices[0].message.content);
    assert.deepEqual(Object.keys(scores), ["fluency", "relevance", "coherence", "consistency"]);
    const combined = await post(server.url, "chaos-optimizer", 'answer {"instructions": {}}');
    assert.ok("instructions" in JSON.parse(JSON.parse(combined.text).choices[0].message.content));
    assert.equal(server.delivered.size, 2, "two distinct bodies were answered");
    assert.equal((await post(server.url, "chaos-loss", "x", "wrong-key")).status, 401);
  } finally {
    await server.close();
  }
});

Deno.test("chaos server: every fault class is injected and counted, and the schedule is seeded", async () => {
  const run = async () => {
    const server = await startChaosServer({
      apiKey: "k",
      faultRate: 0.9,
      seed: 3,
      latency: { fixedMs: 0, jitterMs: 0 },
    });
    const statuses: number[] = [];
    try {
      for (let i = 0; i < 120; i++) {
        statuses.push((await post(server.url, "chaos-loss", `q${i}`)).status);
      }
      return { statuses, faults: { ...server.faults } };
    } finally {
      await server.close();
    }
  };
  const first = await run();
  for (const [fault, count] of Object.entries(first.faults)) assert.ok(count > 0, fault);
  assert.deepEqual((await run()).statuses, first.statuses, "same seed, same schedule");
});
