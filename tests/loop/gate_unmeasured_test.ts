import assert from "node:assert/strict";
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import { type PromptState, seedPrompt } from "../../lib/judge/mod.ts";
import { DEFAULT_PROFILE, PAPER_PROFILE, runGate } from "../../lib/loop/mod.ts";
import type { GateOptions } from "../../lib/loop/mod.ts";
import { example, fakeLlm } from "../judge/_fake_llm.ts";

const validation = [1, 2, 3, 4, 5].map((v) => example(`v${v}`, { fluency: v }));
const incumbent: PromptState = seedPrompt(SUMMEVAL_SPEC, ["fluency"]);
const candidate: PromptState = { ...incumbent, instructions: { fluency: "CANDIDATE" } };

/** A judge whose answers parse only for the prompts `parses` names. */
function judge(parses: { incumbent: boolean; candidate: boolean }) {
  return fakeLlm((request) => {
    const isCandidate = request.messages[0].content.includes("CANDIDATE");
    const ok = isCandidate ? parses.candidate : parses.incumbent;
    return ok ? JSON.stringify({ fluency: Number(request.label!.split("ex v")[1]) }) : "no idea";
  });
}

function options(overrides: Partial<GateOptions> = {}): GateOptions {
  return {
    metric: "mae",
    incumbent,
    candidate,
    validation,
    state: {},
    profile: DEFAULT_PROFILE,
    criteria: ["fluency"],
    draw: "r1/s2",
    ...overrides,
  };
}

Deno.test("gate: when neither prompt can be measured, the candidate is rejected", async () => {
  const llm = judge({ incumbent: false, candidate: false });
  const { decision } = await runGate(llm, SUMMEVAL_SPEC, options());
  assert.equal(decision.accepted, false);
  assert.deepEqual(decision.unmeasured, ["incumbent", "candidate"]);
});

Deno.test("gate: an unmeasured candidate loses to a measured incumbent", async () => {
  const llm = judge({ incumbent: true, candidate: false });
  const { decision, state } = await runGate(llm, SUMMEVAL_SPEC, options());
  assert.equal(decision.accepted, false);
  assert.deepEqual(decision.unmeasured, ["candidate"]);
  assert.equal(state.incumbentScore, -0);
});

Deno.test("gate: an unmeasured cached incumbent is re-measured, not compared with", async () => {
  // The paper's profile reuses a cached incumbent score; an unmeasured one must not be reused.
  const llm = judge({ incumbent: true, candidate: true });
  const worse = fakeLlm((request) => {
    const isCandidate = request.messages[0].content.includes("CANDIDATE");
    const v = Number(request.label!.split("ex v")[1]);
    return JSON.stringify({ fluency: isCandidate ? Math.min(5, v + 1) : v });
  });
  for (const stored of [-Infinity, null as unknown as number]) {
    const { decision } = await runGate(
      worse,
      SUMMEVAL_SPEC,
      options({ profile: PAPER_PROFILE, state: { incumbentScore: stored } }),
    );
    assert.equal(decision.reevaluated, true);
    assert.equal(
      decision.accepted,
      false,
      "the worse candidate loses to the re-measured incumbent",
    );
    assert.equal(decision.unmeasured, undefined);
  }
  const { decision } = await runGate(llm, SUMMEVAL_SPEC, options({ profile: PAPER_PROFILE }));
  assert.equal(decision.accepted, true);
});
