import assert from "node:assert/strict";
import { parseLlmConfig, type RoleEndpoint } from "../../lib/llm/config.ts";
import {
  AuthenticationError,
  BadRequestError,
  CancelledError,
  ConnectionError,
  LengthError,
  LlmError,
  MalformedResponseError,
  RateLimitError,
  RefusalError,
  ServerError,
  TimeoutError,
} from "../../lib/llm/errors.ts";
import { buildBody, OpenAiBackend } from "../../lib/llm/openai_backend.ts";
import { type RetryEvent, Scheduler } from "../../lib/llm/scheduler.ts";
import type { ChatRequest } from "../../lib/llm/types.ts";
import { type FakeReply, startFakeOpenAi } from "../../lib/testing/mod.ts";

const KEY = "sk-test-0123456789abcdef";
const request: ChatRequest = {
  role: "judge",
  messages: [{ role: "system", content: "You grade summaries." }, {
    role: "user",
    content: "Rate coherence 1-5.",
  }],
  label: "step 0 judge item 3",
};

function endpointAt(url: string, settings: Record<string, unknown> = {}): RoleEndpoint {
  const file = {
    roles: { judge: { baseUrl: url, model: "tiny", timeoutMs: 2000, maxRetries: 3, ...settings } },
  };
  const outcome = parseLlmConfig(file, {});
  if (!outcome.ok) throw new Error(outcome.issues.join("\n"));
  return outcome.value.roles.judge;
}

/** Runs `request` through Scheduler + OpenAiBackend (the real SDK) against a scripted fake. */
async function callFake(
  replies: FakeReply[],
  settings: Record<string, unknown> = {},
  env: Record<string, string> = { OPENAI_API_KEY: KEY },
) {
  const server = await startFakeOpenAi({ replies, apiKey: KEY });
  const retries: RetryEvent[] = [];
  const scheduler = new Scheduler({ baseDelayMs: 5, onRetry: (event) => retries.push(event) });
  const backend = new OpenAiBackend({ env });
  const endpoint = endpointAt(server.url, settings);
  try {
    const reply = await scheduler
      .run(endpoint, (signal) => backend.send({ endpoint, request }, signal), {
        label: request.label,
      })
      .catch((error: unknown) => error);
    return { reply, retries, requests: [...server.requests] };
  } finally {
    await server.close();
  }
}

Deno.test("a successful call returns text, usage and model; the body carries the settings", async () => {
  const { reply, requests } = await callFake(
    [{ kind: "text", text: "4", usage: { promptTokens: 30, completionTokens: 1 } }],
    { seed: 42, temperature: 0.1 },
  );
  assert.deepEqual(reply, {
    text: "4",
    finishReason: "stop",
    model: "fake-model",
    usage: { inputTokens: 30, outputTokens: 1 },
  });
  assert.equal(requests.length, 1);
  const body = requests[0].body as Record<string, unknown>;
  assert.equal(body.model, "tiny");
  assert.equal(body.temperature, 0.1);
  assert.equal(body.max_tokens, 256);
  assert.equal(body.seed, 42);
  assert.deepEqual(body.messages, request.messages);
  assert.equal(requests[0].headers.authorization, `Bearer ${KEY}`);
  assert.equal(requests[0].headers["x-stainless-retry-count"], "0");
});

Deno.test("no usage in the response gives no usage in the reply", async () => {
  const { reply } = await callFake([{ kind: "text", text: "3", usage: "omit" }]);
  assert.equal((reply as { usage?: unknown }).usage, undefined);
});

Deno.test("429 honours retry-after seconds, then succeeds", async () => {
  const { reply, retries, requests } = await callFake([
    { kind: "status", status: 429, retryAfter: "1" },
    "5",
  ]);
  assert.equal((reply as { text: string }).text, "5");
  assert.equal(requests.length, 2);
  assert.equal(retries.length, 1);
  assert.ok(retries[0].error instanceof RateLimitError);
  assert.equal(retries[0].delayMs, 1000);
});

Deno.test("429 with retry-after-ms is honoured in milliseconds", async () => {
  const { retries } = await callFake([
    { kind: "status", status: 429, retryAfterMs: 120 },
    "ok",
  ]);
  assert.equal(retries[0].delayMs, 120);
});

Deno.test("500 and 503 are retried until the endpoint recovers", async () => {
  const { reply, retries, requests } = await callFake([
    { kind: "status", status: 500 },
    { kind: "status", status: 503 },
    "2",
  ]);
  assert.equal((reply as { text: string }).text, "2");
  assert.equal(requests.length, 3);
  assert.deepEqual(retries.map((event) => (event.error as ServerError).status), [500, 503]);
});

Deno.test("a persistent 503 is reported as ServerError after maxRetries", async () => {
  const down: FakeReply = { kind: "status", status: 503, message: "overloaded" };
  const { reply, requests } = await callFake([down, down, down], { maxRetries: 2 });
  assert.ok(reply instanceof ServerError);
  assert.equal(reply.status, 503);
  assert.match(reply.message, /overloaded/);
  assert.equal(reply.label, request.label);
  assert.equal(requests.length, 3);
});

Deno.test("a hanging endpoint times out, is retried, and a later answer is used", async () => {
  const { reply, retries } = await callFake([{ kind: "hang" }, "1"], { timeoutMs: 150 });
  assert.equal((reply as { text: string }).text, "1");
  assert.ok(retries[0].error instanceof TimeoutError);
});

Deno.test("a hanging endpoint is reported as TimeoutError when retries run out", async () => {
  const { reply, requests } = await callFake([{ kind: "hang" }, { kind: "hang" }], {
    timeoutMs: 150,
    maxRetries: 1,
  });
  assert.ok(reply instanceof TimeoutError);
  assert.equal(requests.length, 2);
});

Deno.test("connection resets are retried; persistent resets are ConnectionError", async () => {
  const recovered = await callFake([{ kind: "reset" }, { kind: "reset", when: "midBody" }, "ok"]);
  assert.equal((recovered.reply as { text: string }).text, "ok");
  assert.ok(recovered.retries.every((event) => event.error instanceof ConnectionError));
  const failed = await callFake([{ kind: "reset" }], { maxRetries: 0 });
  assert.ok(failed.reply instanceof ConnectionError);
});

Deno.test("malformed, truncated and choice-less bodies are MalformedResponseError", async () => {
  for (const fault of [{ kind: "malformed" }, { kind: "truncated" }, { kind: "noChoices" }]) {
    const { reply } = await callFake([fault as FakeReply], { maxRetries: 0 });
    assert.ok(reply instanceof MalformedResponseError, `${fault.kind}: ${reply}`);
  }
});

Deno.test("finish_reason length is a LengthError carrying the partial text, not retried", async () => {
  const { reply, requests } = await callFake([
    { kind: "text", text: '{"coherence": ', finishReason: "length" },
  ]);
  assert.ok(reply instanceof LengthError);
  assert.equal(reply.partialText, '{"coherence": ');
  assert.equal(requests.length, 1);
});

Deno.test("refusals and content filters are RefusalError", async () => {
  const refused = await callFake([{ kind: "refusal", refusal: "I can't help with that." }]);
  assert.ok(refused.reply instanceof RefusalError);
  assert.match(refused.reply.message, /can't help/);
  const filtered = await callFake([{ kind: "text", text: "", finishReason: "content_filter" }]);
  assert.ok(filtered.reply instanceof RefusalError);
  assert.equal(filtered.requests.length, 1);
});

Deno.test("401 is an AuthenticationError, not retried, and never shows the key", async () => {
  const wrongKey = "sk-wrong-key-that-must-not-leak";
  const { reply, requests } = await callFake(["unused"], {}, { OPENAI_API_KEY: wrongKey });
  assert.ok(reply instanceof AuthenticationError);
  assert.equal(requests.length, 1);
  const everything = [reply.message, String(reply), reply.stack ?? "", String(reply.cause)];
  assert.ok(everything.every((text) => !text.includes(wrongKey)), reply.message);
  assert.match(reply.message, /\[redacted\]/); // the endpoint echoed it; we scrubbed it
  assert.match(reply.message, /OPENAI_API_KEY/);
});

Deno.test("an unset key variable is named in the AuthenticationError", async () => {
  const { reply } = await callFake(["unused"], { apiKeyEnv: "MY_ROUTER_KEY" }, {});
  assert.ok(reply instanceof AuthenticationError);
  assert.match(reply.message, /MY_ROUTER_KEY is not set/);
});

Deno.test("400 and 404 are BadRequestError and not retried", async () => {
  for (const status of [400, 404]) {
    const { reply, requests } = await callFake([{ kind: "status", status }]);
    assert.ok(reply instanceof BadRequestError);
    assert.equal(reply.status, status);
    assert.equal(requests.length, 1);
  }
});

Deno.test("the server never sees more in-flight calls than the endpoint's concurrency", async () => {
  await using server = await startFakeOpenAi({ latency: { fixedMs: 30, jitterMs: 20, seed: 1 } });
  const scheduler = new Scheduler();
  const backend = new OpenAiBackend({ env: {} });
  const endpoint = endpointAt(server.url, { limits: { concurrency: 3 } });
  const replies = await Promise.all(
    Array.from(
      { length: 12 },
      () => scheduler.run(endpoint, (signal) => backend.send({ endpoint, request }, signal)),
    ),
  );
  assert.equal(replies.length, 12);
  assert.equal(server.requests.length, 12);
  assert.equal(server.maxInFlight, 3);
});

Deno.test("cancelling a call aborts the HTTP request", async () => {
  await using server = await startFakeOpenAi({ replies: [{ kind: "hang" }] });
  const scheduler = new Scheduler();
  const backend = new OpenAiBackend({ env: {} });
  const endpoint = endpointAt(server.url, { timeoutMs: 10_000 });
  const controller = new AbortController();
  const call = scheduler
    .run(endpoint, (signal) => backend.send({ endpoint, request }, signal), {
      signal: controller.signal,
    })
    .catch((error: unknown) => error);
  while (server.inFlight === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  controller.abort();
  const error = await call;
  assert.ok(error instanceof CancelledError);
  for (let i = 0; i < 100 && server.inFlight > 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(server.inFlight, 0);
});

Deno.test("structured-output modes shape the request body", () => {
  const schema = { type: "object", properties: { score: { type: "integer" } } };
  const asked: ChatRequest = { ...request, jsonSchema: { name: "judgement", schema } };
  const body = (mode: string, extra: Record<string, unknown> = {}) =>
    buildBody(endpointAt("http://127.0.0.1:9/v1", { structuredOutput: mode, ...extra }), asked);
  const lastUser = (b: Record<string, unknown>) =>
    (b.messages as { content: string }[]).at(-1)!.content;

  const strict = body("json_schema");
  assert.deepEqual(strict.response_format, {
    type: "json_schema",
    json_schema: { name: "judgement", schema },
  });
  assert.equal(lastUser(strict), "Rate coherence 1-5.");

  const object = body("json_object");
  assert.deepEqual(object.response_format, { type: "json_object" });
  assert.match(lastUser(object), /JSON object only[\s\S]*"score"/);

  const prompt = body("prompt");
  assert.equal(prompt.response_format, undefined);
  assert.match(lastUser(prompt), /^Rate coherence 1-5\.\n\nRespond with one JSON object only/);

  const swapped = body("json_schema", {
    extraBody: { max_tokens: null, max_completion_tokens: 512, provider: { order: ["x"] } },
  });
  assert.equal("max_tokens" in swapped, false);
  assert.equal(swapped.max_completion_tokens, 512);
  assert.deepEqual(swapped.provider, { order: ["x"] });
  assert.equal(buildBody(endpointAt("http://127.0.0.1:9/v1"), request).response_format, undefined);
});

Deno.test("every failure the backend raises is an LlmError", async () => {
  const { reply } = await callFake([{ kind: "status", status: 418 }], { maxRetries: 0 });
  assert.ok(reply instanceof LlmError);
});
