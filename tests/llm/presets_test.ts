import assert from "node:assert/strict";
import { callKey, callKeyMaterial } from "../../lib/llm/call_key.ts";
import { parseLlmConfig, type RoleEndpoint } from "../../lib/llm/config.ts";
import { buildBody } from "../../lib/llm/openai_backend.ts";
import { isStrictSchema, PROVIDERS } from "../../lib/llm/presets.ts";
import type { ChatRequest } from "../../lib/llm/types.ts";
import { judgeSchema } from "../../lib/judge/predict.ts";

function role(settings: Record<string, unknown>, name = "judge"): RoleEndpoint {
  const outcome = parseLlmConfig({ roles: { [name]: settings } }, {});
  if (!outcome.ok) throw new Error(outcome.issues.join("\n"));
  return outcome.value.roles[name];
}

function issues(file: unknown): string[] {
  const outcome = parseLlmConfig(file, {});
  return outcome.ok ? [] : outcome.issues;
}

const request: ChatRequest = {
  role: "judge",
  messages: [{ role: "system", content: "Grade." }, { role: "user", content: "Rate 1-5." }],
};

Deno.test("presets: each writes its documented token field, temperature and seed", () => {
  const expected: Record<string, [string, boolean]> = {
    generic: ["max_tokens", true],
    openai: ["max_completion_tokens", true],
    "openai-reasoning": ["max_completion_tokens", false],
    openrouter: ["max_tokens", true],
    vllm: ["max_tokens", true],
    ollama: ["max_tokens", true],
    "llama-server": ["max_tokens", true],
  };
  for (const provider of PROVIDERS) {
    const body = buildBody(role({ provider, seed: 7 }), request);
    const [field, temperature] = expected[provider];
    assert.equal(body[field], 256, provider);
    assert.equal(Object.keys(body).filter((k) => k.startsWith("max_")).length, 1, provider);
    assert.equal("temperature" in body, temperature, provider);
    assert.equal(body.seed, 7, provider);
  }
});

Deno.test("presets: thinking: false maps to the preset's way", () => {
  const off = (provider: string) => buildBody(role({ provider, thinking: false }), request);
  assert.deepEqual(off("vllm").chat_template_kwargs, { enable_thinking: false });
  assert.deepEqual(off("llama-server").chat_template_kwargs, { enable_thinking: false });
  assert.deepEqual(off("openrouter").reasoning, { effort: "none" });
  assert.equal(off("openai-reasoning").reasoning_effort, "low");
  const ollama = off("ollama") as { messages: { content: string }[] };
  assert.equal(ollama.messages[1].content, "Rate 1-5.\n/no_think");
  assert.equal(request.messages[1].content, "Rate 1-5.", "the request itself is not changed");
});

Deno.test("presets: the reasoning effort goes to the preset's field", () => {
  assert.equal(
    buildBody(role({ provider: "openai-reasoning", reasoningEffort: "high" }), request)
      .reasoning_effort,
    "high",
  );
  assert.deepEqual(
    buildBody(role({ provider: "openrouter", reasoningEffort: "high" }), request).reasoning,
    { effort: "high" },
  );
});

Deno.test("presets: every wire field is overridable per role", () => {
  const endpoint = role({
    provider: "openai-reasoning",
    wire: { tokenLimitField: "max_tokens", sendTemperature: true, sendSeed: false },
    seed: 3,
  });
  const body = buildBody(endpoint, request);
  assert.equal(body.max_tokens, 256);
  assert.equal(body.temperature, 0.1);
  assert.ok(!("seed" in body) && !("max_completion_tokens" in body));
  const custom = role({
    thinking: false,
    wire: { thinkingOff: { kind: "suffix", text: " /nothink" } },
  });
  const messages = buildBody(custom, request).messages as { content: string }[];
  assert.equal(messages[1].content, "Rate 1-5. /nothink");
});

Deno.test("presets: strict json_schema only where the preset asks for it and the schema is strict", () => {
  const strict = { ...request, jsonSchema: judgeSchema([{ name: "fluency", min: 1, max: 5 }]) };
  const format = (provider: string, r = strict) =>
    (buildBody(role({ provider }), r).response_format as { json_schema: Record<string, unknown> })
      .json_schema;
  assert.equal(format("openai").strict, true);
  assert.equal(format("openrouter").strict, true);
  assert.equal(format("vllm").strict, undefined);
  assert.equal(format("generic").strict, undefined);
  const loose = {
    ...request,
    jsonSchema: { name: "x", schema: { type: "object", properties: {} } },
  };
  assert.equal(
    format("openai", loose).strict,
    undefined,
    "a non-strict schema is never sent strict",
  );
});

Deno.test("isStrictSchema: closed objects with every property required, at every depth", () => {
  const leaf = {
    type: "object",
    properties: { a: { type: "integer" } },
    required: ["a"],
    additionalProperties: false,
  };
  assert.ok(isStrictSchema(leaf));
  assert.ok(!isStrictSchema({ ...leaf, required: [] }));
  assert.ok(!isStrictSchema({ ...leaf, additionalProperties: undefined }));
  const nested = { ...leaf, properties: { a: { ...leaf, additionalProperties: true } } };
  assert.ok(!isStrictSchema(nested));
  assert.ok(isStrictSchema(judgeSchema([{ name: "f", min: 0, max: 3 }]).schema));
});

Deno.test("config: settings a preset cannot carry out are one issue each, naming field and fix", () => {
  const [thinking] = issues({ roles: { judge: { thinking: false } } });
  assert.match(
    thinking,
    /^roles\.judge\.thinking: provider "generic" has no way to turn thinking off; use provider "vllm"/,
  );
  const [effort] = issues({
    defaults: { provider: "openai", reasoningEffort: "high" },
    roles: { judge: {} },
  })
    .filter((i) => i.includes("judge"));
  assert.match(
    effort,
    /^defaults\.reasoningEffort \(role judge\): provider "openai" takes no reasoning effort; use provider "openai-reasoning"/,
  );
  const [both] = issues({
    roles: { judge: { provider: "openrouter", thinking: false, reasoningEffort: "low" } },
  });
  assert.match(both, /set either thinking: false or reasoningEffort/);
  const [form] = issues({
    roles: { judge: { structuredOutput: "prompt", wire: { structuredOutputs: ["json_schema"] } } },
  });
  assert.match(
    form,
    /^roles\.judge\.structuredOutput: provider "generic" supports json_schema, not prompt/,
  );
  assert.ok(
    issues({ roles: { judge: { provider: "anthropic" } } })[0].startsWith("roles.judge.provider"),
  );
  assert.ok(
    issues({ roles: { judge: { wire: { tokenLimit: "x" } } } })[0].startsWith("roles.judge.wire"),
  );
});

Deno.test("call keys: a preset that changes the request changes the key; generic keeps it", () => {
  const key = (settings: Record<string, unknown>) =>
    callKey(callKeyMaterial(request, role(settings)));
  assert.equal(key({}), key({ provider: "generic" }));
  assert.notEqual(key({}), key({ provider: "openai" }));
  assert.notEqual(key({ provider: "vllm" }), key({ provider: "vllm", thinking: false }));
  assert.notEqual(key({ provider: "vllm" }), key({ provider: "vllm", reasoningEffort: "low" }));
});
