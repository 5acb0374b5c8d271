import assert from "node:assert/strict";
import { z } from "zod";
import {
  askStructured,
  extractJson,
  parseStructured,
  reaskRequest,
} from "../../lib/llm/structured.ts";
import type { ChatRequest, ChatResult } from "../../lib/llm/types.ts";

Deno.test("extractJson finds the object in the answer shapes models produce", () => {
  const cases: [string, unknown][] = [
    ['{"a": 1}', { a: 1 }],
    ['Here you go:\n```json\n{"a": 2}\n```\nThanks', { a: 2 }],
    ['```\n{"a": 3}\n```', { a: 3 }],
    ['Scores: {"a": 4, "b": {"c": 5}} done.', { a: 4, b: { c: 5 } }],
    ['"{"a": 6}"', { a: 6 }],
    ['{{"a": 7}}', { a: 7 }],
    ['```python\nx = 1\n```\nAnswer: {"a": 8}', { a: 8 }],
  ];
  for (const [text, expected] of cases) {
    const outcome = extractJson(text);
    assert.ok(outcome.ok, text);
    assert.deepEqual(outcome.value, expected);
  }
});

Deno.test("extractJson reports missing and broken JSON as data", () => {
  assert.deepEqual(extractJson("four"), {
    ok: false,
    issues: ["no JSON object found in the answer"],
  });
  assert.equal(extractJson('{"a": }').ok, false);
});

Deno.test("parseStructured validates against the schema with field paths", () => {
  const schema = z.object({ fluency: z.int().min(1).max(5) });
  assert.deepEqual(parseStructured('{"fluency": 3}', schema), { ok: true, value: { fluency: 3 } });
  const bad = parseStructured('{"fluency": 9}', schema);
  assert.ok(!bad.ok && bad.issues[0].startsWith("fluency:"));
});

function reply(text: string, finishReason = "stop"): ChatResult {
  return {
    text,
    finishReason,
    model: "m",
    cached: false,
    dryRun: false,
    key: "k",
    usage: { inputTokens: 1, outputTokens: 1, estimated: false },
  };
}

const base: ChatRequest = { role: "judge", messages: [{ role: "user", content: "Rate." }] };
const schema = z.object({ score: z.int() });
const parse = (text: string) => parseStructured(text, schema);

Deno.test("askStructured re-asks with the raw answer and the issues, then succeeds", async () => {
  const sent: ChatRequest[] = [];
  const answers = [reply("about 4"), reply('{"score": 4}')];
  const result = await askStructured(
    (request) => {
      sent.push(request);
      return Promise.resolve(answers.shift()!);
    },
    base,
    { parse, reask: 2 },
  );
  assert.ok(result.ok);
  assert.equal(result.value.score, 4);
  assert.equal(result.attempts, 2);
  assert.equal(sent[1].messages.length, 3);
  assert.deepEqual(sent[1].messages[1], { role: "assistant", content: "about 4" });
  assert.match(sent[1].messages[2].content, /no JSON object found/);
});

Deno.test("askStructured returns the final failure as data after reask+1 attempts", async () => {
  let calls = 0;
  const result = await askStructured(
    () => {
      calls++;
      return Promise.resolve(reply('{"score": "x"}'));
    },
    base,
    { parse, reask: 1 },
  );
  assert.equal(calls, 2);
  assert.ok(!result.ok);
  assert.equal(result.attempts, 2);
  assert.equal(result.raw, '{"score": "x"}');
  assert.ok(result.issues[0].startsWith("score:"));
});

Deno.test("a truncated answer counts as a failed attempt even if its prefix parses", async () => {
  const answers = [reply('{"score": 4}', "length"), reply('{"score": 5}')];
  const result = await askStructured(() => Promise.resolve(answers.shift()!), base, {
    parse,
    reask: 1,
  });
  assert.ok(result.ok && result.value.score === 5 && result.attempts === 2);
});

Deno.test("reaskRequest labels the follow-up and keeps the original conversation", () => {
  const next = reaskRequest({ ...base, label: "step 1" }, "x", ["bad"], 2);
  assert.equal(next.label, "step 1 (re-ask 2)");
  assert.deepEqual(next.messages[0], base.messages[0]);
});

Deno.test("each re-ask extends the conversation, so a repeated bad answer never repeats a request", async () => {
  const sent: ChatRequest[] = [];
  const result = await askStructured(
    (request) => {
      sent.push(request);
      return Promise.resolve(reply("about 4"));
    },
    { ...base, label: "step 1" },
    { parse, reask: 2 },
  );
  assert.ok(!result.ok && result.attempts === 3);
  assert.deepEqual(sent.map((r) => r.messages.length), [1, 3, 5]);
  assert.notDeepEqual(sent[2].messages, sent[1].messages);
  assert.deepEqual(sent.map((r) => r.label), ["step 1", "step 1 (re-ask 1)", "step 1 (re-ask 2)"]);
});
