import assert from "node:assert/strict";
import { callKey, callKeyMaterial, canonicalJson } from "../../lib/llm/call_key.ts";
import { parseLlmConfig } from "../../lib/llm/config.ts";
import type { ChatRequest } from "../../lib/llm/types.ts";

function config(settings: Record<string, unknown> = {}) {
  const outcome = parseLlmConfig(settings, {});
  if (!outcome.ok) throw new Error(outcome.issues.join("\n"));
  return outcome.value;
}

const request: ChatRequest = {
  role: "judge",
  messages: [{ role: "user", content: "Rate the summary." }],
  label: "run 1 step 0",
  hint: { kind: "text" },
};

Deno.test("callKey is stable across key order and ignores labels and hints", () => {
  const endpoint = config().roles.judge;
  const a = callKey(callKeyMaterial(request, endpoint));
  const b = callKey(callKeyMaterial({ ...request, label: "other", hint: undefined }, endpoint));
  assert.equal(a, b);
  assert.match(a, /^[0-9a-f]{64}$/);
});

Deno.test("callKey changes with everything that changes the answer", () => {
  const base = config().roles.judge;
  const key = (req: ChatRequest, endpoint = base) => callKey(callKeyMaterial(req, endpoint));
  const reference = key(request);
  const variants = [
    key({ ...request, draw: 1 }),
    key({ ...request, role: "loss" }),
    key({ ...request, messages: [{ role: "user", content: "Rate the summary!" }] }),
    key({ ...request, jsonSchema: { name: "s", schema: { type: "object" } } }),
    key(request, { ...base, temperature: 0.5 }),
    key(request, { ...base, maxTokens: 999 }),
    key(request, { ...base, seed: 7 }),
    key(request, { ...base, model: "other", endpointId: `${base.baseUrl}|other` }),
    key(request, { ...base, endpointId: "http://localhost:11434/v1|gpt-4o-mini" }),
    key(request, { ...base, extraBody: { top_p: 0.9 } }),
    key(request, { ...base, structuredOutput: "prompt" }),
  ];
  assert.equal(new Set([reference, ...variants]).size, variants.length + 1);
});

Deno.test("key material never holds the API key or its variable name", () => {
  const endpoint = { ...config().roles.judge, apiKeyEnv: "MY_SECRET_KEY_VAR" };
  const text = canonicalJson(callKeyMaterial(request, endpoint));
  assert.ok(!text.includes("MY_SECRET_KEY_VAR"));
  assert.ok(!text.includes("apiKey"));
});

Deno.test("canonicalJson sorts keys at every depth and drops undefined members", () => {
  assert.equal(
    canonicalJson({ z: { b: 2, a: 1 }, a: [{ y: undefined, x: 1 }] }),
    '{"a":[{"x":1}],"z":{"a":1,"b":2}}',
  );
});

Deno.test("canonicalJson is JSON.stringify of the value with sorted keys, edge values included", () => {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== "object") return value;
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record).sort().filter((k) => record[k] !== undefined).map((
        k,
      ) => [k, sorted(record[k])]),
    );
  };
  const long = 'Prompt "quoted"\n'.repeat(40);
  const values: unknown[] = [
    { b: 1, a: [{ d: 2, c: undefined }] },
    [undefined, 1, null, NaN, Infinity, 'x"y\n', () => 1],
    { z: { y: [1, { b: 2, a: 1 }] }, f: () => 1, long, again: long },
    { "é": 1, "a b": 2, "\u2028": "\u2028" },
    "s",
    -0,
    [],
    {},
  ];
  for (const value of values) assert.equal(canonicalJson(value), JSON.stringify(sorted(value)));
});
