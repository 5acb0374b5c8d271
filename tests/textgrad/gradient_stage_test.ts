import assert from "node:assert/strict";
import { DEFAULT_PROFILE, PAPER_PROFILE } from "../../lib/loop/mod.ts";
import { runGradientStage, runLossStage } from "../../lib/textgrad/mod.ts";
import { fakeLlm } from "../judge/_fake_llm.ts";
import { context, CRITERIA, predictions } from "./_context.ts";

Deno.test("S gradient: one call per critique with a task-filtered conversation", async () => {
  const ctx = context("SSS", PAPER_PROFILE);
  const critiques = await runLossStage(ctx, predictions());
  const llm = fakeLlm();
  const gradients = await runGradientStage({ ...ctx, llm }, predictions(), critiques);
  assert.equal(gradients.length, 12);
  const request = llm.requests.find((r) => r.label === "run 1 step 2 gradient coherence ex b3")!;
  const user = request.messages.at(-1)!.content;
  const system = /<LM_SYSTEM_PROMPT>\n([\s\S]*?)\n<\/LM_SYSTEM_PROMPT>/.exec(user)![1];
  assert.ok(system.includes("- coherence: Rate from 1 to 5."));
  for (const other of ["fluency", "relevance", "consistency"]) {
    assert.ok(!system.includes(other), `${other} leaks into the filtered view`);
  }
  assert.match(
    user,
    /<LM_INPUT>\nSummary: Summary b3\.\nSource Text: Source text b3\.\n<\/LM_INPUT>/,
  );
  assert.match(user, /<LM_OUTPUT>\ncoherence: 2\n<\/LM_OUTPUT>/);
  assert.ok(user.includes("critique of coherence (run 1 step 2 loss coherence ex b3)"));
  assert.match(user, /<VARIABLE>\nRate from 1 to 5\.\n<\/VARIABLE>/);
  assert.match(user, /three paragraphs[\s\S]*works[\s\S]*problems[\s\S]*changes/);
  assert.deepEqual(request.hint, { kind: "gradient", criteria: ["coherence"] });
});

Deno.test("C gradient (SCC): one call per sample, critiques labelled per criterion, raw output", async () => {
  const ctx = context("SCC", PAPER_PROFILE);
  const critiques = await runLossStage(ctx, predictions());
  const llm = fakeLlm();
  const gradients = await runGradientStage({ ...ctx, llm }, predictions(), critiques);
  assert.equal(gradients.length, 3);
  assert.deepEqual(gradients[0].criteria, CRITERIA);
  const user = llm.requests[0].messages.at(-1)!.content;
  for (const c of CRITERIA) {
    assert.ok(user.includes(`Feedback for ${c}:\ncritique of ${c} (run 1 step 2 loss ${c} ex b1)`));
    assert.ok(user.includes(`- ${c}: Rate from 1 to 5.`), "full system prompt");
  }
  assert.ok(!user.includes("ex b2"), "only this sample's critiques");
  assert.ok(user.includes(`<LM_OUTPUT>\n${predictions()[0].raw}\n</LM_OUTPUT>`));
});

Deno.test("quirk cccFirstTaskLabel: the combined CCC critique is labelled with the first criterion", async () => {
  const run = async (profile: typeof PAPER_PROFILE) => {
    const ctx = context("CCC", profile);
    const critiques = await runLossStage(ctx, predictions());
    const llm = fakeLlm();
    await runGradientStage({ ...ctx, llm }, predictions(), critiques);
    return llm.requests[0].messages.at(-1)!.content;
  };
  const paper = await run(PAPER_PROFILE);
  const fixed = await run(DEFAULT_PROFILE);
  assert.match(paper, /Feedback for fluency:\ncritique of fluency\+relevance/);
  assert.match(
    fixed,
    /Feedback for all criteria \(fluency, relevance, coherence, consistency\):\ncritique of fluency\+relevance/,
  );
});

Deno.test("an S gradient refuses combined critiques (an invalid routing)", async () => {
  const ctx = context("CCC", PAPER_PROFILE);
  const critiques = await runLossStage(ctx, predictions());
  assert.throws(
    () => runGradientStage(context("SSS", PAPER_PROFILE), predictions(), critiques),
    RangeError,
  );
});
