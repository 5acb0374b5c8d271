/**
 * Pins the request bodies the kit sent before provider presets existed: a config without
 * `provider` (the `generic` preset, the paper profile's endpoints) must keep sending exactly these
 * bytes, so the paper profile's requests and every existing cache key stay unchanged.
 */
import assert from "node:assert/strict";
import { callKey, callKeyMaterial } from "../../lib/llm/call_key.ts";
import { parseLlmConfig, type RoleEndpoint } from "../../lib/llm/config.ts";
import { buildBody } from "../../lib/llm/openai_backend.ts";
import type { ChatRequest } from "../../lib/llm/types.ts";

function role(file: unknown, name = "judge"): RoleEndpoint {
  const outcome = parseLlmConfig(file, {});
  if (!outcome.ok) throw new Error(outcome.issues.join("\n"));
  return outcome.value.roles[name];
}

const plain: ChatRequest = {
  role: "judge",
  messages: [{ role: "system", content: "Grade." }, { role: "user", content: "Rate 1-5." }],
  draw: "r1/s0/test",
};
const schema = {
  name: "scores",
  schema: { type: "object", properties: { a: { type: "integer" } } },
};

const PINNED: [string, unknown, ChatRequest, string][] = [
  [
    "judge, built-in defaults",
    {},
    plain,
    '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Grade."},{"role":"user","content":"Rate 1-5."}],"temperature":0.1,"max_tokens":256}',
  ],
  [
    "seed and extraBody (null removes a field)",
    {
      defaults: {
        seed: 42,
        extraBody: { top_p: 0.9, max_tokens: null, max_completion_tokens: 99 },
      },
    },
    plain,
    '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Grade."},{"role":"user","content":"Rate 1-5."}],"temperature":0.1,"seed":42,"top_p":0.9,"max_completion_tokens":99}',
  ],
  [
    "json_schema structured output",
    {},
    { ...plain, jsonSchema: schema },
    '{"model":"gpt-4o-mini","messages":[{"role":"system","content":"Grade."},{"role":"user","content":"Rate 1-5."}],"temperature":0.1,"max_tokens":256,"response_format":{"type":"json_schema","json_schema":{"name":"scores","schema":{"type":"object","properties":{"a":{"type":"integer"}}}}}}',
  ],
  [
    "json_object structured output (Qwen3 on vLLM, the paper's setting)",
    { defaults: { model: "Qwen/Qwen3-8B", structuredOutput: "json_object" } },
    { ...plain, jsonSchema: schema },
    '{"model":"Qwen/Qwen3-8B","messages":[{"role":"system","content":"Grade."},{"role":"user","content":"Rate 1-5.\\n\\nRespond with one JSON object only, no prose and no code fence. It must match this JSON schema: {\\"type\\":\\"object\\",\\"properties\\":{\\"a\\":{\\"type\\":\\"integer\\"}}}"}],"temperature":0.1,"max_tokens":256,"response_format":{"type":"json_object"}}',
  ],
];

for (const [name, file, request, body] of PINNED) {
  Deno.test(`generic wire pin: ${name}: the body is byte-identical to the pre-preset kit's`, () => {
    assert.equal(JSON.stringify(buildBody(role(file), request)), body);
  });
}

Deno.test("generic wire pin: cache keys of existing configs are unchanged", () => {
  // Computed with the kit before provider presets existed.
  assert.equal(
    callKey(callKeyMaterial(plain, role({}))),
    "474c93a115c8ace18b1e39728c18e776be47e10a7d1757c3df2f26092b9380b8",
  );
  assert.equal(
    callKey(callKeyMaterial(plain, role({ defaults: { seed: 42 } }, "optimizer"))),
    "a305334a31df70a649d4df113ab8464855829201ca674e37c2d5a3bcb0582ca6",
  );
});
