/**
 * A small experiment against each provider persona of the fake server, with the matching preset
 * (it completes and the wire format is the documented one) and with a wrong preset (it fails with
 * one line naming the parameter and the preset to use).
 */
import assert from "node:assert/strict";
import { openExperiment } from "../../lib/experiment/setup.ts";
import type { ExperimentStore } from "../../lib/experiment/store.ts";
import type { ExperimentManifest } from "../../lib/experiment/types.ts";
import { OpenAiBackend } from "../../lib/llm/openai_backend.ts";
import { startFakeOpenAi } from "../../lib/testing/fake_openai_server.ts";
import { fakeLlmSection, respondByRole, STEP_ROLES } from "../_fake_endpoint.ts";
import { type PersonaName, providerPersona } from "../../lib/testing/provider_personas.ts";
import { toyConfig, toyData } from "../experiment/_toy.ts";

type Body = Record<string, unknown> & {
  model: string;
  messages: { role: string; content: string }[];
};

interface Outcome {
  status: string;
  message: string | null;
  bodies: Body[];
  store: ExperimentStore;
  manifest: ExperimentManifest;
  close(): void;
}

/** One CCC run of one step on toy data against `persona`, every role set up with `settings`. */
async function experimentAgainst(
  persona: PersonaName,
  settings: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): Promise<Outcome> {
  const server = await startFakeOpenAi({
    respond: providerPersona(persona, { answer: respondByRole }),
  });
  const dir = await Deno.makeTempDir();
  const config = toyConfig(dir, {
    modes: ["CCC"],
    gates: ["mae"],
    steps: 1,
    backend: "openai",
    llm: { cache: { mode: "off" }, ...fakeLlmSection(server.url, STEP_ROLES, settings) },
    ...extra,
  });
  const backend = new OpenAiBackend({ env: { OPENAI_API_KEY: "sk-test" } });
  const experiment = await openExperiment(config, { data: toyData(), backend });
  try {
    await experiment.run();
  } finally {
    await server.close();
  }
  const [run] = experiment.store.runs();
  return {
    status: run.status,
    message: run.message ?? null,
    bodies: server.requests.map((r) => r.body as Body),
    store: experiment.store,
    manifest: experiment.manifest,
    close: () => {
      experiment.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

function assertOneLineNaming(message: string | null, ...parts: string[]): void {
  assert.ok(message, "the failed run stores its error");
  assert.ok(!message.includes("\n"), `one line: ${message}`);
  for (const part of parts) assert.ok(message.includes(part), `names ${part}: ${message}`);
}

Deno.test("persona openai-reasoning + preset openai-reasoning: completes, sends max_completion_tokens and no temperature, counts reasoning tokens", async () => {
  const outcome = await experimentAgainst("openai-reasoning", {
    provider: "openai-reasoning",
    reasoningEffort: "low",
  });
  try {
    assert.equal(outcome.status, "done", outcome.message ?? "");
    assert.ok(outcome.bodies.length > 10);
    for (const body of outcome.bodies) {
      assert.ok(!("max_tokens" in body) && !("temperature" in body), JSON.stringify(body));
      assert.equal(typeof body.max_completion_tokens, "number");
      assert.equal(body.reasoning_effort, "low");
    }
    const judge = outcome.bodies.find((b) => b.model === "fake-judge")!;
    assert.equal(
      judge.max_completion_tokens,
      256,
      "the judge's paper token cap, under the new name",
    );
    const totals = outcome.store.callTotals();
    assert.ok(totals.reasoningTokens > 0 && totals.reasoningTokens < totals.outputTokens);
    assert.ok([...outcome.store.calls()].every((c) => (c.reasoningTokens ?? 0) >= 16));
    const recorded = outcome.manifest.roles.judge;
    assert.equal(recorded.provider, "openai-reasoning");
    assert.equal(recorded.wire?.format.tokenLimitField, "max_completion_tokens");
    assert.equal(recorded.wire?.format.sendTemperature, false);
    assert.equal(recorded.wire?.reasoningEffort, "low");
  } finally {
    outcome.close();
  }
});

Deno.test("persona openai-reasoning + preset openai: the run fails with one line naming temperature and openai-reasoning", async () => {
  const outcome = await experimentAgainst("openai-reasoning", { provider: "openai" });
  try {
    assert.equal(outcome.status, "failed");
    assertOneLineNaming(outcome.message, '"temperature"', 'use provider "openai-reasoning"');
  } finally {
    outcome.close();
  }
});

Deno.test("persona openai-reasoning + no preset (generic): the run fails with one line naming max_tokens and openai-reasoning", async () => {
  const outcome = await experimentAgainst("openai-reasoning", {});
  try {
    assert.equal(outcome.status, "failed");
    assertOneLineNaming(outcome.message, '"max_tokens"', 'use provider "openai-reasoning"');
    const sent = outcome.bodies.map((body) => JSON.stringify(body));
    assert.equal(new Set(sent).size, sent.length, "a bad request is not retried");
  } finally {
    outcome.close();
  }
});

Deno.test("persona thinking-inline + preset vllm, thinking on: <think> blocks never reach the stages and go to the call log", async () => {
  const outcome = await experimentAgainst("thinking-inline", { provider: "vllm" });
  try {
    assert.equal(outcome.status, "done", outcome.message ?? "");
    const calls = [...outcome.store.calls()];
    assert.ok(calls.every((c) => !c.text.includes("<think>") && !c.text.includes("first guess")));
    assert.ok(calls.every((c) => c.reasoning?.startsWith("Let me think.")));
    const predictions = outcome.store.predictions("textgrad/CCC/mae/r1", 0);
    assert.ok(predictions.length > 0);
    for (const prediction of predictions) {
      assert.equal(prediction.error, undefined, "scores come from the answer, not the reasoning");
      assert.ok(Object.values(prediction.scores).every((s) => s !== null));
    }
  } finally {
    outcome.close();
  }
});

Deno.test("persona thinking-inline + preset vllm, thinking: false: sends chat_template_kwargs and gets empty think blocks", async () => {
  const outcome = await experimentAgainst("thinking-inline", { provider: "vllm", thinking: false });
  try {
    assert.equal(outcome.status, "done", outcome.message ?? "");
    for (const body of outcome.bodies) {
      assert.deepEqual(body.chat_template_kwargs, { enable_thinking: false });
      assert.ok("max_tokens" in body && "temperature" in body);
    }
    assert.ok(
      [...outcome.store.calls()].every((c) => c.reasoning === null && !c.text.includes("think")),
    );
  } finally {
    outcome.close();
  }
});

Deno.test("persona thinking-inline + preset ollama, thinking: false: appends the paper's \\n/no_think to the last user message", async () => {
  const outcome = await experimentAgainst("thinking-inline", {
    provider: "ollama",
    thinking: false,
  });
  try {
    assert.equal(outcome.status, "done", outcome.message ?? "");
    for (const body of outcome.bodies) {
      const users = body.messages.filter((m) => m.role === "user");
      assert.ok(users.at(-1)!.content.endsWith("\n/no_think"));
      assert.ok(!("chat_template_kwargs" in body));
    }
  } finally {
    outcome.close();
  }
});

Deno.test("persona thinking-field + preset vllm: reasoning_content is logged apart from the answer", async () => {
  const outcome = await experimentAgainst("thinking-field", { provider: "vllm" });
  try {
    assert.equal(outcome.status, "done", outcome.message ?? "");
    const calls = [...outcome.store.calls()];
    assert.ok(calls.length > 0);
    assert.ok(
      calls.every((c) => c.reasoning?.includes("first guess") && !c.text.includes("guess")),
    );
  } finally {
    outcome.close();
  }
});

Deno.test("persona strict-schema + preset openai + judge.structuredOutput json_schema: completes with strict schemas", async () => {
  const outcome = await experimentAgainst("strict-schema", { provider: "openai" }, {
    judge: { structuredOutput: "json_schema" },
  });
  try {
    assert.equal(outcome.status, "done", outcome.message ?? "");
    const judges = outcome.bodies.filter((b) => b.model === "fake-judge");
    assert.ok(judges.length > 0);
    for (const body of judges) {
      const format = body.response_format as { json_schema: { strict: boolean; schema: unknown } };
      assert.equal(format.json_schema.strict, true);
    }
    assert.ok(
      outcome.bodies.filter((b) => b.model !== "fake-judge").every((b) => !b.response_format),
    );
    const predictions = outcome.store.predictions("textgrad/CCC/mae/r1", 0);
    assert.ok(predictions.every((p) => p.error === undefined && p.attempts === 1));
  } finally {
    outcome.close();
  }
});

Deno.test("persona strict-schema + generic preset + judge.structuredOutput json_schema: fails with one line naming the preset", async () => {
  const outcome = await experimentAgainst("strict-schema", {}, {
    judge: { structuredOutput: "json_schema" },
  });
  try {
    assert.equal(outcome.status, "failed");
    assertOneLineNaming(outcome.message, "strict", 'use provider "openai"');
  } finally {
    outcome.close();
  }
});

async function post(url: string, body: Record<string, unknown>) {
  const response = await fetch(`${url}/chat/completions`, {
    method: "POST",
    body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }], ...body }),
  });
  return { status: response.status, body: await response.json() };
}

Deno.test("personas answer in OpenAI's shapes: 400 errors with type, param and code", async () => {
  await using reasoning = await startFakeOpenAi({ respond: providerPersona("openai-reasoning") });
  const tokens = await post(reasoning.url, { max_tokens: 10 });
  assert.equal(tokens.status, 400);
  assert.deepEqual(
    [tokens.body.error.type, tokens.body.error.param, tokens.body.error.code],
    ["invalid_request_error", "max_tokens", "unsupported_parameter"],
  );
  const temperature = await post(reasoning.url, { max_completion_tokens: 10, temperature: 0.1 });
  assert.deepEqual(
    [temperature.status, temperature.body.error.param, temperature.body.error.code],
    [400, "temperature", "unsupported_value"],
  );
  const ok = await post(reasoning.url, { max_completion_tokens: 10, temperature: 1 });
  assert.equal(ok.status, 200);
  const usage = ok.body.usage;
  assert.ok(usage.completion_tokens_details.reasoning_tokens > 0);
  assert.ok(usage.completion_tokens > usage.completion_tokens_details.reasoning_tokens);

  await using strict = await startFakeOpenAi({ respond: providerPersona("strict-schema") });
  const schema = { type: "object", properties: { a: { type: "integer", enum: [1, 2] } } };
  const loose = await post(strict.url, {
    response_format: { type: "json_schema", json_schema: { name: "s", schema } },
  });
  assert.deepEqual([loose.status, loose.body.error.param], [400, "response_format"]);
  const closed = { ...schema, required: ["a"], additionalProperties: false };
  const good = await post(strict.url, {
    response_format: {
      type: "json_schema",
      json_schema: { name: "s", schema: closed, strict: true },
    },
  });
  assert.ok([1, 2].includes(JSON.parse(good.body.choices[0].message.content).a));

  await using field = await startFakeOpenAi({ respond: providerPersona("thinking-field") });
  const thinking = await post(field.url, {});
  assert.ok(thinking.body.choices[0].message.reasoning_content.includes("{"));
  const off = await post(field.url, { chat_template_kwargs: { enable_thinking: false } });
  assert.equal(off.body.choices[0].message.reasoning_content, undefined);
});
