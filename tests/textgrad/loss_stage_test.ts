import assert from "node:assert/strict";
import { DEFAULT_PROFILE, PAPER_PROFILE } from "../../lib/loop/mod.ts";
import { buildSeparateLossPrompt, runLossStage } from "../../lib/textgrad/mod.ts";
import { fakeLlm } from "../judge/_fake_llm.ts";
import { batch, context, CRITERIA, predictions } from "./_context.ts";

Deno.test("S loss: one call per (criterion, sample) seeing only prediction and label", async () => {
  const llm = fakeLlm();
  const records = await runLossStage(context("SSS", PAPER_PROFILE, llm), predictions());
  assert.equal(records.length, 12);
  assert.deepEqual(records.map((r) => `${r.criteria.join()}/${r.exampleId}`).slice(0, 4), [
    "fluency/b1",
    "fluency/b2",
    "fluency/b3",
    "relevance/b1",
  ]);
  for (const request of llm.requests) {
    const text = request.messages.map((m) => m.content).join("\n");
    assert.ok(!text.includes("Summary b1") && !text.includes("Source text"), "no input text");
    assert.ok(!text.includes("Rate from 1 to 5"), "no instruction");
    assert.equal(request.role, "loss");
    assert.ok(String(request.draw).startsWith("r1/s2/b"));
    assert.equal(request.hint?.kind, "critique");
  }
  const coherence = records.find((r) => r.criteria[0] === "coherence" && r.exampleId === "b2")!;
  assert.match(coherence.prompt, /prediction: 2\nground truth: 2/);
  assert.match(coherence.prompt, /<OUTPUT_OF_FUNCTION>\nCORRECT\n/);
  assert.equal(llm.requests[4].label, "run 1 step 2 loss relevance ex b2");
});

Deno.test("C loss: one call per sample with every criterion and an 'n of K correct' line", async () => {
  const llm = fakeLlm();
  const records = await runLossStage(context("CCC", PAPER_PROFILE, llm), predictions());
  assert.equal(records.length, 3);
  assert.deepEqual(records[0].criteria, CRITERIA);
  assert.match(records[0].prompt, /relevance: INCORRECT \(difference: 1\.00\)/);
  assert.match(records[0].prompt, /3 of 4 correct/);
  assert.equal(llm.requests[0].label, "run 1 step 2 loss all ex b1");
});

Deno.test("quirk stringEqualityCorrectness: 4.0 vs 4 is INCORRECT (0.00) only in the paper profile", async () => {
  const raw = '{"fluency": 4.0, "relevance": 3, "coherence": 2, "consistency": 5}';
  const preds = predictions(raw).map((p) => ({
    ...p,
    literals: { ...p.literals, fluency: "4.0" },
  }));
  const paper = await runLossStage(context("SSS", PAPER_PROFILE), preds);
  const fixed = await runLossStage(context("SSS", DEFAULT_PROFILE), preds);
  const fluency = (records: typeof paper) => records.find((r) => r.criteria[0] === "fluency")!;
  assert.match(fluency(paper).prompt, /INCORRECT \(difference: 0\.00\)/);
  assert.match(fluency(fixed).prompt, /<OUTPUT_OF_FUNCTION>\nCORRECT/);
  assert.equal(batch[0].labels.fluency, 4);
});

Deno.test("a missing prediction is shown as missing, never as a score", () => {
  const prompt = buildSeparateLossPrompt({ criterion: "fluency", prediction: null, label: 3 });
  assert.match(prompt.user, /prediction: \(missing\)/);
  assert.match(prompt.user, /INCORRECT \(no prediction\)/);
});

Deno.test("identical loss prompts of different samples are independent draws (no cache merge)", async () => {
  const llm = fakeLlm();
  await runLossStage(context("CCC", PAPER_PROFILE, llm), predictions());
  const prompts = new Set(llm.requests.map((r) => JSON.stringify(r.messages)));
  assert.equal(prompts.size, 1, "same predictions and labels → same loss prompt");
  assert.deepEqual(llm.requests.map((r) => r.draw), ["r1/s2/b1", "r1/s2/b2", "r1/s2/b3"]);
});
