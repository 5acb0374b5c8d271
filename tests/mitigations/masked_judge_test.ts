// Per-criterion and field-masked judging: one call per criterion, and no call ever shows a
// criterion another criterion's instruction; field-masked calls on one sample share a prefix.
import assert from "node:assert/strict";
import { evaluatePrompt, judgeExamples, seedPrompt } from "../../lib/judge/mod.ts";
import { CRITERIA, recordingGateway, spec, step, train } from "./_step.ts";
import { DEFAULT_PROFILE } from "../../lib/loop/mod.ts";
import { createLlm } from "../../lib/llm/llm.ts";
import { OpenAiBackend } from "../../lib/llm/openai_backend.ts";
import { startFakeOpenAi } from "../../lib/testing/fake_openai_server.ts";
import { testConfig } from "../llm/_llm_fixtures.ts";

const INSTRUCTIONS: Record<string, string> = {
  fluency: "FLU-RULE: count grammar slips.",
  relevance: "REL-RULE: weigh coverage of key points.",
  coherence: "COH-RULE: follow the order of ideas.",
  consistency: "CON-RULE: check facts against the source.",
};
const prompt = { ...seedPrompt(spec), instructions: INSTRUCTIONS };

function shownInstructions(messages: { content: string }[]): string[] {
  const text = messages.map((m) => m.content).join("\n");
  return CRITERIA.filter((c) => text.includes(INSTRUCTIONS[c]));
}

for (const strategy of ["per-criterion", "field-masked"] as const) {
  Deno.test(`${strategy} judging: each call shows exactly its own criterion's instruction`, async () => {
    const llm = recordingGateway();
    try {
      const examples = train.slice(0, 5);
      const predictions = await judgeExamples(llm, spec, prompt, examples, { strategy, reask: 2 });
      assert.equal(llm.requests.length >= examples.length * CRITERIA.length, true);
      for (const request of llm.requests) {
        assert.ok(request.hint?.kind === "judge");
        const asked = request.hint.criteria.map((c) => c.name);
        assert.equal(asked.length, 1, "one criterion per call");
        assert.deepEqual(shownInstructions(request.messages), asked);
      }
      for (const p of predictions) {
        assert.deepEqual(Object.keys(p.scores).sort(), [...CRITERIA].sort());
      }
      assert.ok(predictions.every((p) => Object.values(p.scores).every((v) => v !== null)));
    } finally {
      llm.close();
    }
  });
}

Deno.test("field-masked judging: the calls on one sample share every message but the last, which holds the instruction", async () => {
  const llm = recordingGateway();
  try {
    await judgeExamples(llm, spec, prompt, train.slice(0, 2), { strategy: "field-masked" });
    for (const example of train.slice(0, 2)) {
      const calls = llm.requests.filter((r) =>
        r.messages[1].content.includes(example.inputs.summary)
      );
      assert.equal(calls.length, CRITERIA.length);
      const prefixes = new Set(calls.map((r) => JSON.stringify(r.messages.slice(0, -1))));
      assert.equal(prefixes.size, 1);
      for (const r of calls) {
        assert.ok(
          shownInstructions(r.messages.slice(0, -1)).length === 0,
          "instructions come last",
        );
        assert.ok(r.messages.at(-1)!.content.endsWith("## Response:"));
      }
    }
  } finally {
    llm.close();
  }
});

Deno.test("joint judging (the paper) is unchanged: one call per sample showing every instruction", async () => {
  const llm = recordingGateway();
  try {
    await judgeExamples(llm, spec, prompt, train.slice(0, 3), {});
    assert.equal(llm.requests.length, 3);
    for (const r of llm.requests) assert.deepEqual(shownInstructions(r.messages), CRITERIA);
  } finally {
    llm.close();
  }
});

Deno.test("judge switches reach every judge call of a step and of an evaluation (through the profile)", async () => {
  const llm = recordingGateway();
  try {
    const profile = { ...DEFAULT_PROFILE, judgeStrategy: "field-masked" as const };
    await step("CCC", {}, llm, { profile });
    await evaluatePrompt(llm, spec, prompt, train.slice(0, 4), { strategy: "field-masked" });
    const judged = llm.requests.filter((r) => r.role === "judge");
    assert.equal(judged.length, (3 + 4) * CRITERIA.length);
    for (const r of judged) {
      assert.ok(r.hint?.kind === "judge" && r.hint.criteria.length === 1);
      assert.equal(r.messages.length, 3);
    }
  } finally {
    llm.close();
  }
});

Deno.test("field-masked judging on an endpoint with prompt caching: the shared prefix is reported cached", async () => {
  // The fake endpoint caches prompt prefixes: every message but the last, once seen, is cached.
  const seen = new Set<string>();
  const server = await startFakeOpenAi({
    respond(request) {
      const messages = (request.body as { messages: { content: string }[] }).messages;
      const prefix = JSON.stringify(messages.slice(0, -1));
      const chars = messages.slice(0, -1).reduce((n, m) => n + m.content.length, 0);
      const cachedTokens = seen.has(prefix) ? Math.ceil(chars / 4) : 0;
      seen.add(prefix);
      const all = messages.reduce((n, m) => n + m.content.length, 0);
      return {
        kind: "text",
        text: '{"fluency": 3, "relevance": 3, "coherence": 3, "consistency": 3}',
        usage: { promptTokens: Math.ceil(all / 4), completionTokens: 20, cachedTokens },
      };
    },
  });
  const cached: number[] = [];
  const llm = createLlm({
    config: testConfig({
      defaults: { baseUrl: server.url, apiKeyEnv: "FAKE_KEY", model: "m" },
      cache: { mode: "off" },
    }),
    backend: new OpenAiBackend({ env: { FAKE_KEY: "k" } }),
    onCall: (event) => cached.push(event.result?.usage.cachedInputTokens ?? -1),
  });
  try {
    await judgeExamples(llm, spec, prompt, train.slice(0, 2), { strategy: "field-masked" });
    assert.equal(cached.length, 8);
    // Per sample, the first call pays for the prefix; the other three find it cached.
    assert.equal(cached.filter((n) => n > 0).length, 6);
  } finally {
    llm.close();
    await server.close();
  }
});
