import assert from "node:assert/strict";
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import { evaluatePrompt, seedPrompt } from "../../lib/judge/mod.ts";
import { example, fakeLlm } from "./_fake_llm.ts";

const spec = SUMMEVAL_SPEC;

Deno.test("evaluatePrompt reports per-criterion metrics with n and missing", async () => {
  const examples = [1, 2, 3, 4].map((v) =>
    example(`e${v}`, { fluency: v, relevance: 5, coherence: v, consistency: 5 })
  );
  // The judge echoes the label for fluency, is off by one on coherence, fails on e4.
  const llm = fakeLlm((request) => {
    const id = request.label!.split("ex ")[1];
    if (id === "e4") return "no answer";
    const v = Number(id.slice(1));
    return JSON.stringify({
      fluency: v,
      relevance: 5,
      coherence: Math.min(5, v + 1),
      consistency: 5,
    });
  });
  const evaluation = await evaluatePrompt(llm, spec, seedPrompt(spec), examples, { reask: 0 });
  assert.equal(evaluation.parseFailures, 1);
  assert.equal(evaluation.predictions[3].scores.fluency, null);
  const fluency = evaluation.metrics.fluency;
  assert.deepEqual(fluency.mae, { value: 0, n: 3, missing: 1 });
  assert.equal(fluency.spearman.value, 1);
  assert.equal(fluency.accuracy.value, 1);
  assert.deepEqual(evaluation.metrics.coherence.mae, { value: 1, n: 3, missing: 1 });
  assert.equal(evaluation.metrics.coherence.offByOne.value, 1);
  assert.equal(evaluation.metrics.coherence.accuracy.value, 0);
  assert.ok(Number.isNaN(evaluation.metrics.relevance.spearman.value), "constant → NaN by default");
  assert.equal(evaluation.average.mae, (0 + 0 + 1 + 0) / 4);
});

Deno.test("constantSpearman zero gives the paper's 0 for a constant judge", async () => {
  const examples = [1, 2, 3].map((v) => example(`e${v}`, { fluency: v }));
  const llm = fakeLlm(() => '{"fluency": 3}');
  const prompt = seedPrompt(spec, ["fluency"]);
  const nan = await evaluatePrompt(llm, spec, prompt, examples);
  const zero = await evaluatePrompt(llm, spec, prompt, examples, { constantSpearman: "zero" });
  assert.ok(Number.isNaN(nan.metrics.fluency.spearman.value));
  assert.equal(zero.metrics.fluency.spearman.value, 0);
  assert.deepEqual(Object.keys(zero.metrics), ["fluency"]);
});
