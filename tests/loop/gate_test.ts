import assert from "node:assert/strict";
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import { type PromptState, seedPrompt } from "../../lib/judge/mod.ts";
import { DEFAULT_PROFILE, type GateOptions, PAPER_PROFILE, runGate } from "../../lib/loop/mod.ts";
import { example, fakeLlm } from "../judge/_fake_llm.ts";

const spec = SUMMEVAL_SPEC;
const validation = [1, 2, 3, 4, 5].map((v) => example(`v${v}`, { fluency: v }));
const incumbent: PromptState = seedPrompt(spec, ["fluency"]);
const candidate: PromptState = { ...incumbent, instructions: { fluency: "CANDIDATE" } };

/** The judge answers `incumbentAnswer(label)` for the incumbent and `candidateAnswer` for the candidate. */
function judge(incumbentAnswer: (v: number) => number, candidateAnswer: (v: number) => number) {
  return fakeLlm((request) => {
    const v = Number(request.label!.split("ex v")[1]);
    const isCandidate = request.messages[0].content.includes("CANDIDATE");
    return JSON.stringify({ fluency: (isCandidate ? candidateAnswer : incumbentAnswer)(v) });
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
    draw: "r1/s3",
    ...overrides,
  };
}

Deno.test("gate none accepts without calls and says it was skipped", async () => {
  const llm = fakeLlm();
  const { decision, evaluations } = await runGate(llm, spec, options({ metric: "none" }));
  assert.deepEqual(decision, {
    metric: "none",
    accepted: true,
    skipped: true,
    reevaluated: false,
    n: 0,
  });
  assert.equal(llm.requests.length, 0);
  assert.deepEqual(evaluations, {});
});

Deno.test("mae gate: a worse candidate is rejected, the incumbent's score is kept", async () => {
  const llm = judge((v) => v, (v) => Math.min(5, v + 1));
  const { decision, state } = await runGate(llm, spec, options());
  assert.equal(decision.accepted, false);
  assert.equal(decision.incumbentScore, -0);
  assert.equal(decision.candidateScore, -0.8);
  assert.equal(state.incumbentScore, -0);
  assert.equal(decision.n, 5);
  const draws = new Set(llm.requests.map((r) => String(r.draw).replace(/\/v\d$/, "")));
  assert.deepEqual([...draws].sort(), ["r1/s3/val-candidate", "r1/s3/val-incumbent"]);
});

Deno.test("ties are accepted and the state moves to the candidate's score", async () => {
  const llm = judge((v) => v, (v) => v);
  const { decision, state } = await runGate(llm, spec, options({ metric: "off-by-one" }));
  assert.equal(decision.accepted, true);
  assert.equal(state.incumbentScore, 1);
});

Deno.test("quirk incumbentNeverReevaluated: the paper reuses the cached score, the default re-measures", async () => {
  // The cached score (-0.1) is better than what the incumbent really scores now (-0.8).
  const paperLlm = judge((v) => Math.min(5, v + 1), (v) => Math.min(5, v + 1));
  const paper = await runGate(
    paperLlm,
    spec,
    options({ profile: PAPER_PROFILE, state: { incumbentScore: -0.1 } }),
  );
  assert.equal(paperLlm.requests.length, 5, "candidate only");
  assert.equal(paper.decision.reevaluated, false);
  assert.equal(paper.decision.accepted, false);
  const defaultLlm = judge((v) => Math.min(5, v + 1), (v) => Math.min(5, v + 1));
  const fixed = await runGate(defaultLlm, spec, options({ state: { incumbentScore: -0.1 } }));
  assert.equal(defaultLlm.requests.length, 10, "incumbent and candidate");
  assert.equal(fixed.decision.reevaluated, true);
  assert.equal(fixed.decision.incumbentScore, -0.8);
  assert.equal(fixed.decision.accepted, true);
  assert.ok(fixed.evaluations.incumbent && fixed.evaluations.candidate);
  assert.equal(paper.evaluations.incumbent, undefined, "the cached incumbent is not re-measured");
});

Deno.test("the first gated step measures the incumbent in both profiles", async () => {
  const llm = judge((v) => v, (v) => v);
  const { decision } = await runGate(llm, spec, options({ profile: PAPER_PROFILE }));
  assert.equal(decision.reevaluated, true);
  assert.equal(llm.requests.length, 10);
});

Deno.test("quirk spearmanZeroOnConstant: a constant candidate scores 0 (paper) or nothing (default)", async () => {
  const gate = (profile: typeof PAPER_PROFILE) =>
    runGate(judge((v) => 6 - v, () => 3), spec, options({ metric: "spearman", profile }));
  const paper = await gate(PAPER_PROFILE);
  assert.equal(paper.decision.incumbentScore, -1);
  assert.equal(paper.decision.candidateScore, 0);
  assert.equal(paper.decision.accepted, true, "0 ≥ -1: the constant judge wins");
  const fixed = await gate(DEFAULT_PROFILE);
  assert.equal(fixed.decision.candidateScore, -Infinity);
  assert.equal(fixed.decision.accepted, false);
});

Deno.test("a cached score that did not survive JSON (null) is re-measured, not read as 0", async () => {
  const llm = judge((v) => v, (v) => Math.min(5, v + 1));
  const state = JSON.parse(JSON.stringify({ incumbentScore: -Infinity }));
  const { decision } = await runGate(llm, spec, options({ profile: PAPER_PROFILE, state }));
  assert.equal(decision.reevaluated, true);
  assert.equal(decision.accepted, false);
});
