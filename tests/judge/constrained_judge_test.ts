/**
 * Constrained judge decoding against the fake server's strict-schema persona, whose free-text
 * answers are malformed at a planted rate: with `structuredOutput: "json_schema"` no answer fails
 * to parse; without it, exactly the planted malformed answers do. The rates printed here are the
 * ones the README quotes (measured on the fake server, not on a model).
 */
import assert from "node:assert/strict";
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import { judgeExamples, type JudgeStructuredOutput } from "../../lib/judge/predict.ts";
import { seedPrompt } from "../../lib/judge/prompt_state.ts";
import { parseLlmConfig } from "../../lib/llm/config.ts";
import { createLlm } from "../../lib/llm/llm.ts";
import { OpenAiBackend } from "../../lib/llm/openai_backend.ts";
import { type FakeRequest, startFakeOpenAi } from "../../lib/testing/fake_openai_server.ts";
import { providerPersona } from "../../lib/testing/provider_personas.ts";
import { toyData } from "../experiment/_toy.ts";

const VALID = '{"coherence": 3, "consistency": 4, "fluency": 5, "relevance": 2}';
const PLANTED_RATE = 0.25;

async function failureRate(structuredOutput: JudgeStructuredOutput, n: number, reask = 0) {
  const respond = providerPersona("strict-schema", {
    answer: (_: FakeRequest) => VALID,
    malformedRate: PLANTED_RATE,
    seed: 14,
  });
  await using server = await startFakeOpenAi({ respond });
  const config = parseLlmConfig({
    cache: { mode: "off" },
    defaults: { baseUrl: server.url, provider: "openai", maxRetries: 0 },
  }, {});
  if (!config.ok) throw new Error(config.issues.join("\n"));
  const llm = createLlm({
    config: config.value,
    backend: new OpenAiBackend({ env: { OPENAI_API_KEY: "sk-test" } }),
  });
  const data = toyData();
  const examples = Array.from({ length: n }, (_, i) => {
    const base = data.splits.train[i % data.splits.train.length];
    return { ...base, id: `x${i}`, inputs: { ...base.inputs, summary: `Summary variant ${i}.` } };
  });
  const predictions = await judgeExamples(llm, SUMMEVAL_SPEC, seedPrompt(SUMMEVAL_SPEC), examples, {
    reask,
    structuredOutput,
  });
  llm.close();
  const failures = predictions.filter((p) => p.error !== undefined);
  const offScript = predictions.filter((p) => structuredOutput === "off" && p.raw !== VALID);
  return { n, failures: failures.length, offScript: offScript.length, predictions };
}

Deno.test("constrained judge decoding: no parse failures with a strict schema; the planted ones without", async () => {
  const n = 200;
  const free = await failureRate("off", n);
  const constrained = await failureRate("json_schema", n);
  const reasked = await failureRate("off", n, 2);
  console.log(
    `parse failures on the fake server's strict-schema persona (planted malformed rate ` +
      `${PLANTED_RATE}, n=${n}, no re-asks): free text ${free.failures}/${n} ` +
      `(${(100 * free.failures / n).toFixed(1)}%), json_schema ${constrained.failures}/${n} ` +
      `(${(100 * constrained.failures / n).toFixed(1)}%); free text with 2 re-asks (default ` +
      `profile) ${reasked.failures}/${n} (${(100 * reasked.failures / n).toFixed(1)}%)`,
  );
  assert.ok(reasked.failures < free.failures, "re-asks recover some malformed answers");
  assert.equal(constrained.failures, 0);
  assert.ok(constrained.predictions.every((p) => Object.values(p.scores).every((s) => s !== null)));
  assert.equal(
    free.failures,
    free.offScript,
    "every malformed free-text answer, and only those, fails",
  );
  assert.ok(
    free.failures > 0.15 * n && free.failures < 0.35 * n,
    `${free.failures} near the planted 25%`,
  );
});
