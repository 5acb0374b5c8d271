/** The LLM facade against the fake OpenAI-compatible server, through the real npm:openai client. */
import assert from "node:assert/strict";
import { z } from "zod";
import { CallCache } from "../../lib/llm/call_cache.ts";
import { exportCassette, importCassette } from "../../lib/llm/cassette.ts";
import { AuthenticationError, BudgetExceededError } from "../../lib/llm/errors.ts";
import { type CallEvent, createLlm } from "../../lib/llm/llm.ts";
import { OpenAiBackend } from "../../lib/llm/openai_backend.ts";
import { type FakeRequest, startFakeOpenAi } from "../../lib/testing/mod.ts";
import { ask, testConfig } from "./_llm_fixtures.ts";

const KEY_ENV = "COLLIDE_LLM_B_TEST_KEY";
const KEY = "sk-collide-LEAKCHECK-7f3a9c2e51d04b8e";

function lastUserMessage(request: FakeRequest): string {
  const body = request.body as { messages: { content: string }[] };
  return body.messages.at(-1)!.content;
}

function chatRequests(requests: readonly FakeRequest[]): FakeRequest[] {
  return requests.filter((request) => request.path.endsWith("/chat/completions"));
}

function countingFetch(): { fetch: typeof fetch; count: () => number } {
  let count = 0;
  return {
    fetch: (input, init) => {
      count++;
      return fetch(input, init);
    },
    count: () => count,
  };
}

Deno.test("a replay run makes zero HTTP requests and returns identical outputs", async () => {
  await using server = await startFakeOpenAi({
    respond: (request) => `reply to: ${lastUserMessage(request)}`,
  });
  const dir = await Deno.makeTempDir();
  const config = testConfig({ defaults: { baseUrl: server.url, model: "fake-model" } });
  const env = { OPENAI_API_KEY: "sk-test" };
  const prompts = Array.from(
    { length: 12 },
    (_, i) => ask(`example ${i}`, i % 2 ? "judge" : "loss"),
  );

  const recordCache = new CallCache(`${dir}/record.sqlite`);
  const recorder = createLlm({
    config,
    backend: new OpenAiBackend({ env }),
    cache: recordCache,
    cacheMode: "record",
  });
  const recorded = await Promise.all(prompts.map((prompt) => recorder.complete(prompt)));
  assert.equal(chatRequests(server.requests).length, 12);
  await exportCassette(recordCache, `${dir}/cassette.jsonl`);
  recordCache.close();

  const replayCache = new CallCache(":memory:");
  await importCassette(replayCache, `${dir}/cassette.jsonl`);
  const counter = countingFetch();
  const replayer = createLlm({
    config,
    backend: new OpenAiBackend({ env, fetch: counter.fetch }),
    cache: replayCache,
    cacheMode: "replay",
  });
  const replayed = await Promise.all(prompts.map((prompt) => replayer.complete(prompt)));
  assert.equal(counter.count(), 0);
  assert.equal(chatRequests(server.requests).length, 12);
  assert.deepEqual(
    replayed.map(({ text, key, model, usage, finishReason }) => ({
      text,
      key,
      model,
      usage,
      finishReason,
    })),
    recorded.map(({ text, key, model, usage, finishReason }) => ({
      text,
      key,
      model,
      usage,
      finishReason,
    })),
  );
  assert.ok(replayed.every((result) => result.cached && !result.dryRun));
  replayCache.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("100 identical concurrent calls reach the endpoint as one request", async () => {
  await using server = await startFakeOpenAi({ latency: { fixedMs: 50 } });
  const config = testConfig({ defaults: { baseUrl: server.url }, cache: { mode: "off" } });
  const llm = createLlm({ config, backend: new OpenAiBackend({ env: { OPENAI_API_KEY: "k" } }) });
  const results = await Promise.all(Array.from({ length: 100 }, () => llm.complete(ask("same"))));
  assert.equal(chatRequests(server.requests).length, 1);
  assert.ok(results.every((result) => result.text === "ok"));
  llm.close();
});

Deno.test("the budget cap stops HTTP calls within one call of the limit (fake server)", async () => {
  await using server = await startFakeOpenAi({
    respond: () => ({ kind: "text", text: "x", usage: { promptTokens: 20, completionTokens: 30 } }),
  });
  const price = { inputPerMillion: 1000, outputPerMillion: 1000 }; // $0.05 per call
  const config = testConfig({ defaults: { baseUrl: server.url, price, maxTokens: 50 } });
  const budgetUsd = 0.42;
  const llm = createLlm({
    config,
    backend: new OpenAiBackend({ env: { OPENAI_API_KEY: "k" } }),
    budgetUsd,
  });
  let done = 0;
  await assert.rejects(async () => {
    for (;; done++) await llm.complete(ask(`item ${done}`));
  }, BudgetExceededError);
  const spent = llm.usage().total.costUsd;
  assert.equal(done, 8);
  assert.equal(chatRequests(server.requests).length, 8, "the refused call sent nothing");
  assert.ok(spent <= budgetUsd + 1e-9 && spent + 0.05 > budgetUsd, `spent ${spent}`);
  llm.close();
});

Deno.test("structured output re-asks after a malformed answer (fake server)", async () => {
  await using server = await startFakeOpenAi({
    replies: ["I would say it deserves a 4.", '```json\n{"score": 4}\n```'],
  });
  const config = testConfig({ defaults: { baseUrl: server.url } });
  const llm = createLlm({ config, backend: new OpenAiBackend({ env: { OPENAI_API_KEY: "k" } }) });
  const schema = z.object({ score: z.int().min(1).max(5) });
  const result = await llm.structured(ask("Rate it."), schema);
  assert.ok(result.ok);
  assert.equal(result.value.score, 4);
  assert.equal(result.attempts, 2);
  const second = chatRequests(server.requests)[1].body as {
    messages: { role: string; content: string }[];
  };
  assert.equal(second.messages.at(-2)?.role, "assistant");
  assert.equal(second.messages.at(-2)?.content, "I would say it deserves a 4.");
  assert.match(second.messages.at(-1)!.content, /no JSON object found/);
  llm.close();
});

Deno.test("a truncated answer from the endpoint is re-asked (finish_reason: length)", async () => {
  await using server = await startFakeOpenAi({
    replies: [{ kind: "text", text: '{"score": ', finishReason: "length" }, '{"score": 2}'],
  });
  const config = testConfig({ defaults: { baseUrl: server.url } });
  const llm = createLlm({ config, backend: new OpenAiBackend({ env: { OPENAI_API_KEY: "k" } }) });
  const result = await llm.structured(ask("Rate it."), z.object({ score: z.int() }));
  assert.ok(result.ok && result.value.score === 2 && result.attempts === 2);
  llm.close();
});

Deno.test("no file written by the kit contains the API key", async () => {
  const wrongKeyEnv = `${KEY_ENV}_WRONG`;
  const wrongKey = "sk-collide-WRONGKEY-0c4d2b7a99e1";
  Deno.env.set(KEY_ENV, KEY);
  Deno.env.set(wrongKeyEnv, wrongKey);
  await using server = await startFakeOpenAi({ apiKey: KEY });
  const dir = await Deno.makeTempDir();
  try {
    const config = testConfig({
      defaults: {
        baseUrl: server.url,
        apiKeyEnv: KEY_ENV,
        price: { inputPerMillion: 1, outputPerMillion: 2 },
      },
      roles: { rater: { apiKeyEnv: wrongKeyEnv } },
    });
    const events: CallEvent[] = [];
    const cache = new CallCache(`${dir}/calls.sqlite`);
    const llm = createLlm({
      config,
      backend: new OpenAiBackend(),
      cache,
      onCall: (e) => events.push(e),
    });
    await Promise.all([llm.complete(ask("a")), llm.complete(ask("b", "loss"))]);
    await llm.structured(ask("c", "gradient"), z.object({}).passthrough());
    // The endpoint echoes a wrong key in its 401 message, as some real endpoints do.
    await assert.rejects(() => llm.complete(ask("d", "rater")), AuthenticationError);
    const stored = events.map((event) => ({
      ...event,
      error: event.error === undefined ? undefined : String(event.error),
    }));
    await Deno.writeTextFile(`${dir}/calls.jsonl`, stored.map((e) => JSON.stringify(e)).join("\n"));
    await Deno.writeTextFile(`${dir}/usage.json`, JSON.stringify(llm.usage()));
    await exportCassette(cache, `${dir}/cassette.jsonl`);
    const files = [...Deno.readDirSync(dir)].map((entry) => entry.name);
    assert.ok(files.includes("calls.sqlite-wal"), `WAL file checked too: ${files}`);
    const grep = async () => {
      for (const name of [...Deno.readDirSync(dir)].map((entry) => entry.name)) {
        const bytes = new TextDecoder("latin1").decode(await Deno.readFile(`${dir}/${name}`));
        for (const secret of [KEY, wrongKey]) {
          assert.ok(!bytes.includes(secret), `${name} contains an API key`);
          assert.ok(!bytes.includes(secret.slice(-12)), `${name} contains part of an API key`);
        }
      }
    };
    await grep();
    cache.close();
    await grep();
    assert.equal(cache.path.endsWith("calls.sqlite"), true);
    assert.ok(chatRequests(server.requests).length >= 4, "calls really went over HTTP");
  } finally {
    Deno.env.delete(KEY_ENV);
    Deno.env.delete(wrongKeyEnv);
    await Deno.remove(dir, { recursive: true });
  }
});
