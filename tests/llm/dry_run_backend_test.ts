import assert from "node:assert/strict";
import { createDryRunBackend, DRY_RUN_MARK } from "../../lib/llm/dry_run_backend.ts";
import { extractJson } from "../../lib/llm/structured.ts";
import { estimateTextTokens } from "../../lib/llm/token_estimate.ts";
import type { ChatRequest, OutputHint } from "../../lib/llm/types.ts";
import { testConfig } from "./_llm_fixtures.ts";

const config = testConfig();
const criteria = ["coherence", "consistency", "fluency", "relevance"];

async function answer(
  hint: OutputHint | undefined,
  options = {},
  content = "prompt",
  draw?: number,
) {
  const request: ChatRequest = { role: "judge", messages: [{ role: "user", content }], hint, draw };
  const backend = createDryRunBackend(options);
  return await backend.send(
    { endpoint: config.roles.judge, request },
    new AbortController().signal,
  );
}

Deno.test("dry-run answers are deterministic per call and seed, and vary by draw and seed", async () => {
  const hint: OutputHint = { kind: "gradient", criteria };
  const a = await answer(hint, { seed: 1 });
  assert.deepEqual(await answer(hint, { seed: 1 }), a);
  assert.notEqual((await answer(hint, { seed: 2 })).text, a.text);
  assert.notEqual((await answer(hint, { seed: 1 }, "prompt", 1)).text, a.text);
  assert.equal(a.model, `dry-run/${config.roles.judge.model}`);
});

Deno.test("judge answers are JSON integers inside each criterion's scale, of judge length", async () => {
  const hint: OutputHint = {
    kind: "judge",
    criteria: [{ name: "fluency", min: 1, max: 3 }, { name: "anger", min: 0, max: 3 }],
  };
  const shapes = new Set<string>();
  for (let i = 0; i < 40; i++) {
    const reply = await answer(hint, {}, `example ${i}`);
    const json = extractJson(reply.text);
    assert.ok(json.ok, reply.text);
    const scores = json.value as Record<string, number>;
    assert.deepEqual(Object.keys(scores), ["fluency", "anger"]);
    assert.ok(Number.isInteger(scores.fluency) && scores.fluency >= 1 && scores.fluency <= 3);
    assert.ok(Number.isInteger(scores.anger) && scores.anger >= 0 && scores.anger <= 3);
    assert.ok(reply.usage!.outputTokens <= 40);
    shapes.add(
      reply.text.startsWith("{") ? "bare" : reply.text.startsWith("```") ? "fence" : "lead",
    );
  }
  assert.deepEqual([...shapes].sort(), ["bare", "fence", "lead"], "parsers see every variant");
});

Deno.test("prose roles are marked synthetic and have realistic lengths", async () => {
  const ranges: [OutputHint, number, number][] = [
    [{ kind: "critique", criteria }, 55, 160],
    [{ kind: "gradient", criteria: ["fluency"] }, 240, 510],
    [{ kind: "instruction", criterion: "fluency" }, 35, 310],
    [{ kind: "text" }, 45, 210],
  ];
  for (const [hint, min, max] of ranges) {
    for (let i = 0; i < 30; i++) {
      const reply = await answer(hint, {}, `case ${i}`);
      assert.ok(reply.text.startsWith(DRY_RUN_MARK), reply.text);
      const tokens = estimateTextTokens(reply.text);
      assert.equal(reply.usage!.outputTokens, tokens);
      assert.ok(tokens >= min && tokens <= max, `${hint.kind}: ${tokens} tokens`);
    }
  }
});

Deno.test("critiques cover every criterion; gradients have exactly three paragraphs", async () => {
  const critique = await answer({ kind: "critique", criteria });
  for (const c of criteria) assert.ok(critique.text.includes(`${DRY_RUN_MARK} ${c}:`));
  const general = await answer({ kind: "critique", criteria: [] });
  assert.ok(general.text.startsWith(`${DRY_RUN_MARK} the task:`), "no empty, unmarked critique");
  assert.ok(general.usage!.outputTokens >= 55);
  const gradient = await answer({ kind: "gradient", criteria: ["fluency"] });
  const paragraphs = gradient.text.split("\n\n");
  assert.equal(paragraphs.length, 3);
  assert.match(paragraphs[0], /What works/);
  assert.match(paragraphs[1], /caused errors/);
  assert.match(paragraphs[2], /fixes/);
});

Deno.test("instructions answer as {instructions: {criterion: text}}; ratings as integers", async () => {
  const reply = await answer({ kind: "instructions", criteria });
  const json = extractJson(reply.text);
  assert.ok(json.ok);
  const { instructions } = json.value as { instructions: Record<string, string> };
  assert.deepEqual(Object.keys(instructions), criteria);
  for (const text of Object.values(instructions)) assert.ok(text.startsWith(DRY_RUN_MARK));
  for (let i = 0; i < 10; i++) {
    const rating = Number((await answer({ kind: "rating", min: 1, max: 10 }, {}, `r${i}`)).text);
    assert.ok(Number.isInteger(rating) && rating >= 1 && rating <= 10);
  }
});

Deno.test("faultRate makes that share of structured answers unparseable", async () => {
  const hint: OutputHint = { kind: "judge", criteria: [{ name: "fluency", min: 1, max: 5 }] };
  let failures = 0;
  for (let i = 0; i < 200; i++) {
    const reply = await answer(hint, { faultRate: 0.3 }, `x${i}`);
    if (!extractJson(reply.text).ok) failures++;
  }
  assert.ok(failures > 35 && failures < 85, `${failures} of 200`);
  const none = await answer(hint, { faultRate: 0 });
  assert.ok(extractJson(none.text).ok);
});

Deno.test("reports input tokens from the messages and honours an aborted signal", async () => {
  const short = await answer({ kind: "text" }, {}, "hi");
  const long = await answer({ kind: "text" }, {}, "hi ".repeat(300));
  assert.ok(long.usage!.inputTokens > short.usage!.inputTokens + 250);
  const controller = new AbortController();
  controller.abort();
  const backend = createDryRunBackend();
  await assert.rejects(() =>
    backend.send({
      endpoint: config.roles.judge,
      request: { role: "judge", messages: [] },
    }, controller.signal)
  );
});
