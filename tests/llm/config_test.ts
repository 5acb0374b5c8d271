import assert from "node:assert/strict";
import { endpointFor, loadLlmConfig, parseLlmConfig } from "../../lib/llm/config.ts";
import type { LlmConfig } from "../../lib/llm/config.ts";
import { ConfigError } from "../../lib/llm/errors.ts";

function resolved(input: unknown, env: Record<string, string> = {}): LlmConfig {
  const outcome = parseLlmConfig(input, env);
  if (!outcome.ok) throw new Error(outcome.issues.join("\n"));
  return outcome.value;
}

function issuesOf(input: unknown, env: Record<string, string> = {}): string[] {
  const outcome = parseLlmConfig(input, env);
  assert.equal(outcome.ok, false);
  return outcome.ok ? [] : outcome.issues;
}

Deno.test("config without a file gives every built-in role the paper's settings", () => {
  const config = resolved({});
  const pick = (role: string) => {
    const e = config.roles[role];
    return [e.temperature, e.maxTokens, e.timeoutMs];
  };
  assert.deepEqual(pick("judge"), [0.1, 256, 60_000]);
  assert.deepEqual(pick("loss"), [0.7, 1024, 60_000]);
  assert.deepEqual(pick("gradient"), [0.7, 8192, 600_000]);
  assert.deepEqual(pick("optimizer"), [0.7, 16384, 600_000]);
  assert.equal(config.roles.judge.baseUrl, "https://api.openai.com/v1");
  assert.equal(config.roles.judge.apiKeyEnv, "OPENAI_API_KEY");
  assert.deepEqual(config.cache, { mode: "live", path: undefined });
  assert.equal(config.reask, 2);
});

Deno.test("OPENAI_BASE_URL is the default base URL; the file's baseUrl wins over it", () => {
  const env = { OPENAI_BASE_URL: "http://localhost:11434/v1/" };
  assert.equal(resolved({}, env).roles.loss.baseUrl, "http://localhost:11434/v1");
  const file = { roles: { judge: { baseUrl: "http://localhost:8000/v1" } } };
  const config = resolved(file, env);
  assert.equal(config.roles.judge.baseUrl, "http://localhost:8000/v1");
  assert.equal(config.roles.gradient.baseUrl, "http://localhost:11434/v1");
});

Deno.test("roles layer over defaults field by field, limits included", () => {
  const config = resolved({
    defaults: { model: "qwen3-235b", limits: { concurrency: 4, rpm: 100 }, seed: 7 },
    roles: {
      judge: { model: "qwen3-8b", temperature: 0, limits: { rpm: 100 } },
      rater: { model: "sonnet", baseUrl: "https://openrouter.ai/api/v1", limits: { tpm: 5000 } },
    },
  });
  assert.equal(config.roles.judge.model, "qwen3-8b");
  assert.equal(config.roles.judge.temperature, 0);
  assert.equal(config.roles.judge.maxTokens, 256);
  assert.equal(config.roles.judge.seed, 7);
  assert.deepEqual(config.roles.judge.limits, { concurrency: 4, rpm: 100 });
  assert.deepEqual(config.roles.rater.limits, { concurrency: 4, rpm: 100, tpm: 5000 });
  assert.equal(config.roles.loss.model, "qwen3-235b");
  assert.equal(config.roles.judge.endpointId, "https://api.openai.com/v1|qwen3-8b");
});

Deno.test("endpointFor serves unlisted roles from the defaults under their own name", () => {
  const config = resolved({ defaults: { model: "m", temperature: 0.3 } });
  const endpoint = endpointFor(config, "adherence-rater");
  assert.equal(endpoint.role, "adherence-rater");
  assert.equal(endpoint.temperature, 0.3);
  assert.equal(endpoint.model, "m");
  assert.equal(endpointFor(config, "judge").temperature, 0.3); // file defaults beat built-ins
});

Deno.test("a bad config yields one issue per problem, each naming its field", () => {
  const issues = issuesOf({
    defaults: { maxTokens: "many", baseUrl: "localhost:8000" },
    roles: { judge: { temperature: 3, temprature: 0.1 }, loss: { limits: { concurrency: 0 } } },
    cache: { mode: "sometimes" },
    budgetUsd: -5,
  });
  const prefixes = issues.map((issue) => issue.split(":")[0]).sort();
  assert.deepEqual(prefixes, [
    "budgetUsd",
    "cache.mode",
    "defaults.baseUrl",
    "defaults.maxTokens",
    "roles.judge",
    "roles.judge.temperature",
    "roles.loss.limits.concurrency",
  ]);
  assert.ok(
    issues.some((issue) => issue.startsWith("roles.judge:") && issue.includes("temprature")),
  );
});

Deno.test("an API key inside the config is refused without echoing it", () => {
  const issues = issuesOf({ roles: { judge: { apiKey: "sk-live-123456789" } } });
  assert.equal(issues.length, 1);
  assert.match(issues[0], /^roles\.judge\.apiKey: .*apiKeyEnv/);
  assert.ok(!issues[0].includes("sk-live-123456789"));
});

Deno.test("roles sharing an endpoint must agree on its limits", () => {
  const issues = issuesOf({
    defaults: { model: "m" },
    roles: { loss: { limits: { rpm: 10 } }, gradient: { limits: { rpm: 20 } } },
  });
  assert.equal(issues.length, 2); // loss and gradient both differ from judge
  assert.ok(issues.every((issue) => /^roles\.(loss|gradient)\.limits: differ/.test(issue)));

  const limited = { limits: { rpm: 10 } };
  const roles = Object.fromEntries(
    ["judge", "loss", "gradient", "optimizer", "rater"].map((role) => [role, limited]),
  );
  const unlisted = issuesOf({ defaults: { model: "m" }, roles });
  assert.equal(unlisted.length, 1);
  assert.match(unlisted[0], /^defaults\.limits: differ from roles\.judge\.limits/);
});

Deno.test("loadLlmConfig throws a ConfigError listing one line per problem", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bad = `${dir}/bad.json`;
    await Deno.writeTextFile(
      bad,
      JSON.stringify({ roles: { judge: { maxTokens: 0, seed: 1.5 } } }),
    );
    const error = await loadLlmConfig(bad, { env: {} }).catch((e) => e);
    assert.ok(error instanceof ConfigError);
    assert.equal(error.issues.length, 2);
    const lines = error.message.split("\n");
    assert.equal(lines.length, 3);
    assert.ok(lines[0].includes(bad));
    assert.ok(lines.slice(1).every((line: string) => line.trim().startsWith("roles.judge.")));

    const broken = `${dir}/broken.json`;
    await Deno.writeTextFile(broken, "{ not json");
    await assert.rejects(() => loadLlmConfig(broken, { env: {} }), /not valid JSON/);
    await assert.rejects(() => loadLlmConfig(`${dir}/missing.json`, { env: {} }), ConfigError);

    const good = `${dir}/good.json`;
    await Deno.writeTextFile(good, JSON.stringify({ defaults: { model: "llama3.1" }, reask: 0 }));
    const config = await loadLlmConfig(good, { env: {} });
    assert.equal(config.roles.optimizer.model, "llama3.1");
    assert.equal(config.reask, 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a malformed OPENAI_BASE_URL is reported as an env issue", () => {
  const issues = issuesOf({}, { OPENAI_BASE_URL: "ollama" });
  assert.deepEqual(issues, ["env.OPENAI_BASE_URL: must be an http(s) URL"]);
});

Deno.test("the README's endpoint examples load", async () => {
  const dir = new URL("../fixtures/llm/endpoints/", import.meta.url);
  const expected: Record<string, [string, string]> = {
    "openai.json": ["https://api.openai.com/v1", "OPENAI_API_KEY"],
    "openrouter.json": ["https://openrouter.ai/api/v1", "OPENROUTER_API_KEY"],
    "ollama.json": ["http://localhost:11434/v1", "OLLAMA_API_KEY"],
    "vllm.json": ["http://localhost:8000/v1", "VLLM_API_KEY"],
  };
  for (const [file, [baseUrl, apiKeyEnv]] of Object.entries(expected)) {
    const config = await loadLlmConfig(new URL(file, dir).pathname, { env: {} });
    assert.equal(config.roles.judge.baseUrl, baseUrl, file);
    assert.equal(config.roles.gradient.apiKeyEnv, apiKeyEnv, file);
  }
});
