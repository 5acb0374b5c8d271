// The paper profile's failure policy in the loop: the C optimizer resends the same prompt; the
// gate ignores criteria without data even where the paper's MAE reads 0 on them.
import assert from "node:assert/strict";
import { DEFAULT_PROFILE, gateScore, PAPER_PROFILE, type Profile } from "../../lib/loop/mod.ts";
import { runGradientStage, runLossStage, runOptimizerStage } from "../../lib/textgrad/mod.ts";
import { fakeLlm } from "../judge/_fake_llm.ts";
import { context, predictions } from "./_context.ts";

async function reasked(profile: Profile) {
  const base = context("SSC", profile);
  const critiques = await runLossStage(base, predictions());
  const gradients = await runGradientStage(base, predictions(), critiques);
  const llm = fakeLlm((r, i) => r.role === "optimizer" && i === 0 ? "not JSON" : undefined);
  const { candidate } = await runOptimizerStage({ ...base, llm }, predictions(), gradients);
  assert.equal(candidate.instructions.fluency, "New fluency instruction.");
  return llm.byRole("optimizer");
}

Deno.test("quirk reaskResendsSamePrompt: the paper resends the same prompt, the default extends it", async () => {
  const [first, second] = await reasked(PAPER_PROFILE);
  assert.deepEqual(second.messages, first.messages);
  assert.equal(first.messages.length, 1, "the paper's layout: one user message");
  assert.equal(second.draw, `${first.draw}/resend1`, "a new sample, not the cached answer");
  const [a, b] = await reasked(DEFAULT_PROFILE);
  assert.equal(b.messages.length, a.messages.length + 2, "the failed answer and a correction");
  assert.equal(b.messages.at(-2)?.content, "not JSON");
  assert.equal(b.draw, a.draw);
});

Deno.test("the gate skips a criterion without usable pairs, whatever value its metric reads", () => {
  const evaluation = {
    predictions: [],
    parseFailures: 0,
    average: {},
    metrics: {
      a: { mae: { value: 0, n: 0, missing: 3 } }, // the paper's 0.0 on an empty array
      b: { mae: { value: 1.5, n: 3, missing: 0 } },
    },
  };
  assert.equal(gateScore(evaluation, "mae", ["a", "b"]), -1.5);
  assert.equal(gateScore(evaluation, "mae", ["a"]), -Infinity);
});
