import assert from "node:assert/strict";
import { DEFAULT_PROFILE, PAPER_PROFILE, type Profile } from "../../lib/loop/mod.ts";
import {
  runGradientStage,
  runLossStage,
  runOptimizerStage,
  type TextGradContext,
} from "../../lib/textgrad/mod.ts";
import { type FakeLlm, fakeLlm } from "../judge/_fake_llm.ts";
import { context, CRITERIA, predictions, spec } from "./_context.ts";
import { seedPrompt } from "../../lib/judge/mod.ts";

async function gradientsFor(ctx: TextGradContext) {
  const critiques = await runLossStage(ctx, predictions());
  return runGradientStage(ctx, predictions(), critiques);
}

const current = {
  instructions: Object.fromEntries(CRITERIA.map((c) => [c, `Current ${c} instruction.`])),
  showOutputFormat: true,
};

Deno.test("S optimizer: one call per criterion; the plain answer is cleaned and used", async () => {
  const base = context("SSS", PAPER_PROFILE);
  const gradients = await gradientsFor(base);
  const llm = fakeLlm((r) => r.role === "optimizer" ? `  "Better ${r.hint?.kind}."  ` : undefined);
  const { candidate, records } = await runOptimizerStage(
    { ...base, llm },
    predictions(),
    gradients,
  );
  assert.equal(records.length, 4);
  assert.deepEqual(
    candidate.instructions,
    Object.fromEntries(CRITERIA.map((c) => [c, "Better instruction."])),
  );
  const user =
    llm.requests.find((r) => r.label === "run 1 step 2 optimizer relevance")!.messages.at(-1)!
      .content;
  assert.equal(user.match(/^ {2}- /gm)?.length, 3, "only relevance's three gradients");
  assert.ok(!user.includes("gradient fluency"));
  assert.ok(!user.includes("ground truth"), "the optimizer never sees labels");
});

Deno.test("C optimizer: an invalid answer is re-asked and the JSON instructions are used", async () => {
  const base = context("SSC", DEFAULT_PROFILE);
  const gradients = await gradientsFor(base);
  const llm = fakeLlm((r, i) =>
    r.role === "optimizer" && r.messages.length === 2 ? `nope ${i}` : undefined
  );
  const { candidate, records } = await runOptimizerStage(
    { ...base, llm },
    predictions(),
    gradients,
  );
  assert.equal(llm.byRole("optimizer").length, 2);
  assert.equal(candidate.instructions.coherence, "New coherence instruction.");
  assert.equal((records[0].data as { attempts: number }).attempts, 2);
  const user = llm.requests[0].messages.at(-1)!.content;
  assert.equal(user.match(/^Feedback for "/gm)?.length, 4, "one group per criterion");
  assert.equal(user.match(/^ {2}- /gm)?.length, 12, "12 distinct gradients");
});

async function missingCoherence(profile: Profile) {
  const base = { ...context("SSC", profile), prompt: current, seed: seedPrompt(spec) };
  const gradients = await gradientsFor(base);
  const llm = fakeLlm((r) =>
    r.role === "optimizer"
      ? JSON.stringify({ instructions: { fluency: "F.", relevance: "R.", consistency: "C." } })
      : undefined
  );
  return runOptimizerStage({ ...base, llm }, predictions(), gradients);
}

Deno.test("quirk seedFallbackForMissingTasks: a missing criterion reverts to the seed (paper) or stays (default)", async () => {
  const paper = await missingCoherence(PAPER_PROFILE);
  const fixed = await missingCoherence(DEFAULT_PROFILE);
  assert.equal(paper.candidate.instructions.coherence, "Rate from 1 to 5.");
  assert.equal(fixed.candidate.instructions.coherence, "Current coherence instruction.");
  assert.equal(fixed.candidate.instructions.fluency, "F.");
  const note = (fixed.records[0].data as { notes: { criterion: string; to: string }[] }).notes;
  assert.deepEqual(note.map((n) => [n.criterion, n.to]), [["coherence", "current"]]);
});

Deno.test("quirk seedFallbackForMissingTasks also covers an empty S answer", async () => {
  const run = async (profile: Profile) => {
    const base = { ...context("SSS", profile), prompt: current, seed: seedPrompt(spec) };
    const gradients = await gradientsFor(base);
    const llm = fakeLlm((r) => r.role === "optimizer" ? '""' : undefined);
    return (await runOptimizerStage({ ...base, llm }, predictions(), gradients)).candidate;
  };
  assert.equal((await run(PAPER_PROFILE)).instructions.fluency, "Rate from 1 to 5.");
  assert.equal((await run(DEFAULT_PROFILE)).instructions.fluency, "Current fluency instruction.");
});

Deno.test("quirk repeatCombinedGradientsPerTask: SCC gradients repeated under every header", async () => {
  const run = async (profile: Profile) => {
    const base = context("SCC", profile);
    const gradients = await gradientsFor(base);
    const llm: FakeLlm = fakeLlm();
    await runOptimizerStage({ ...base, llm }, predictions(), gradients);
    return llm.requests[0].messages.at(-1)!.content;
  };
  const paper = await run(PAPER_PROFILE);
  assert.equal(paper.match(/^Feedback for "/gm)?.length, 4);
  assert.equal(paper.match(/^ {2}- /gm)?.length, 12, "3 unique gradients × 4 headers");
  const fixed = await run(DEFAULT_PROFILE);
  assert.equal(fixed.match(/^Feedback for "/gm)?.length, 1);
  assert.match(fixed, /Feedback for "all criteria \(fluency, relevance, coherence, consistency\)"/);
  assert.equal(fixed.match(/^ {2}- /gm)?.length, 3);
});

Deno.test("quirk dropOutputFormatAfterUpdate: the paper's candidate loses the format block", async () => {
  const run = async (profile: Profile) => {
    const base = context("CCC", profile);
    return (await runOptimizerStage(base, predictions(), await gradientsFor(base))).candidate;
  };
  assert.equal((await run(PAPER_PROFILE)).showOutputFormat, false);
  assert.equal((await run(DEFAULT_PROFILE)).showOutputFormat, true);
});
