import assert from "node:assert/strict";
import { startFakeOpenAi } from "../../lib/testing/mod.ts";

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

const chat = { model: "m", messages: [{ role: "user", content: "rate this summary" }] };

Deno.test("fake server answers scripted replies in order, then the rule", async () => {
  await using server = await startFakeOpenAi({
    replies: ["first", { kind: "text", text: "second", finishReason: "length" }],
    respond: (request) => `rule #${request.index}`,
  });
  const texts: string[] = [];
  const reasons: string[] = [];
  for (let i = 0; i < 3; i++) {
    const json = await (await post(server.url, chat)).json();
    texts.push(json.choices[0].message.content);
    reasons.push(json.choices[0].finish_reason);
  }
  assert.deepEqual(texts, ["first", "second", "rule #2"]);
  assert.deepEqual(reasons, ["stop", "length", "stop"]);
  assert.deepEqual(server.requests[0].body, chat);
});

Deno.test("fake server reports usage unless told to omit it", async () => {
  await using server = await startFakeOpenAi({
    replies: [
      { kind: "text", text: "x", usage: { promptTokens: 11, completionTokens: 7 } },
      { kind: "text", text: "x", usage: "omit" },
    ],
  });
  const first = await (await post(server.url, chat)).json();
  assert.deepEqual(first.usage, { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 });
  const second = await (await post(server.url, chat)).json();
  assert.equal(second.usage, undefined);
});

Deno.test("fake server sends error statuses with retry-after headers", async () => {
  await using server = await startFakeOpenAi({
    replies: [{ kind: "status", status: 429, retryAfter: "3", retryAfterMs: 2500 }],
  });
  const response = await post(server.url, chat);
  assert.equal(response.status, 429);
  assert.equal(response.headers.get("retry-after"), "3");
  assert.equal(response.headers.get("retry-after-ms"), "2500");
  assert.match((await response.json()).error.message, /429/);
});

Deno.test("fake server resets connections and sends malformed or truncated bodies", async () => {
  await using server = await startFakeOpenAi({
    replies: [{ kind: "reset" }, { kind: "malformed" }, { kind: "truncated" }],
  });
  await assert.rejects(() => post(server.url, chat), TypeError);
  const malformed = await post(server.url, chat);
  await assert.rejects(() => malformed.json(), SyntaxError);
  const truncated = await post(server.url, chat);
  await assert.rejects(() => truncated.json(), SyntaxError);
});

Deno.test("fake server hangs until the client aborts", async () => {
  await using server = await startFakeOpenAi({ replies: [{ kind: "hang" }] });
  const controller = new AbortController();
  const aborted = fetch(`${server.url}/chat/completions`, {
    method: "POST",
    body: JSON.stringify(chat),
    signal: controller.signal,
  }).catch((error: unknown) => error);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(server.inFlight, 1);
  controller.abort();
  assert.equal((await aborted as Error).name, "AbortError");
  for (let i = 0; i < 50 && server.inFlight > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(server.inFlight, 0);
});

Deno.test("fake server rejects a wrong key with 401 and serves /v1/models", async () => {
  await using server = await startFakeOpenAi({ apiKey: "sk-right", model: "tiny" });
  const denied = await post(server.url, chat, { authorization: "Bearer sk-wrong" });
  assert.equal(denied.status, 401);
  await denied.body?.cancel();
  const models = await (await fetch(`${server.url}/models`)).json();
  assert.equal(models.data[0].id, "tiny");
});

Deno.test("fake server latency is seeded and counted as in-flight", async () => {
  await using server = await startFakeOpenAi({ latency: { fixedMs: 40, jitterMs: 10, seed: 3 } });
  const started = performance.now();
  const responses = await Promise.all([1, 2, 3].map(() => post(server.url, chat)));
  await Promise.all(responses.map((response) => response.body?.cancel()));
  assert.ok(performance.now() - started >= 40);
  assert.equal(server.maxInFlight, 3);
});

Deno.test("fake server latency grows with the completion tokens and is recorded per request", async () => {
  const reply = (tokens: number) => ({
    kind: "text" as const,
    text: "x",
    usage: { promptTokens: 5, completionTokens: tokens },
  });
  await using server = await startFakeOpenAi({
    replies: [reply(10), reply(30)],
    latency: { fixedMs: 20, perOutputTokenMs: 2, relativeJitter: 0.1, seed: 1 },
  });
  for (let i = 0; i < 2; i++) await (await post(server.url, chat)).body?.cancel();
  const [short, long] = server.requests.map((r) => r.serviceMs!);
  assert.ok(short >= 40 * 0.9 && short <= 40 * 1.1, `short ${short}`);
  assert.ok(long >= 80 * 0.9 && long <= 80 * 1.1, `long ${long}`);
});

Deno.test("fake server queues requests beyond its concurrency and answers 429 beyond its RPM", async () => {
  await using server = await startFakeOpenAi({
    latency: { fixedMs: 30 },
    limits: { concurrency: 2, rpm: 5, windowMs: 60_000 },
  });
  const started = performance.now();
  const first = await Promise.all([1, 2, 3, 4].map(() => post(server.url, chat)));
  await Promise.all(first.map((response) => response.body?.cancel()));
  assert.equal(server.maxInFlight, 2, "never more than 2 in service");
  assert.ok(performance.now() - started >= 60, "4 requests in 2 slots take two service times");
  assert.ok(first.every((response) => response.status === 200));
  const fifth = await post(server.url, chat);
  await fifth.body?.cancel();
  assert.equal(fifth.status, 200);
  const sixth = await post(server.url, chat);
  await sixth.body?.cancel();
  assert.equal(sixth.status, 429);
  assert.ok(Number(sixth.headers.get("retry-after-ms")) > 0);
});
