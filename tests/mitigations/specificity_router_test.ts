// The router calls per-criterion gradients exactly when the rated specificity is below the
// threshold, in the C-gradient modes, and logs every decision with its cost.
import assert from "node:assert/strict";
import type { RoutingDecision } from "../../lib/mitigations/mod.ts";
import { byRole, recordingGateway, step } from "./_step.ts";

const COMBINED_GRADIENT_CALLS = 3; // one per sample in SCC and CCC
const PER_CRITERION_CALLS = 3 * 4; // one per (sample, criterion)

for (const mode of ["SCC", "CCC"]) {
  for (const [rating, threshold] of [[3, 6], [5, 6], [6, 6], [9, 6], [5, 5], [5, 5.5]]) {
    const below = rating < threshold;
    Deno.test(`router ${mode}: rating ${rating}, threshold ${threshold} → ${below ? "fallback" : "kept"}`, async () => {
      const llm = recordingGateway((r) => r.role === "rater" ? String(rating) : undefined);
      try {
        const trace = await step(mode, { specificityRouter: { threshold } }, llm);
        const calls = byRole(llm.requests);
        assert.equal(
          calls.rater,
          COMBINED_GRADIENT_CALLS * 4,
          "each combined gradient rated per criterion",
        );
        const expectedGradients = COMBINED_GRADIENT_CALLS + (below ? PER_CRITERION_CALLS : 0);
        assert.equal(calls.gradient, expectedGradients);
        const decision = trace.records.find((r) => r.stage === "router")!.data as RoutingDecision;
        assert.equal(decision.fallback, below);
        assert.equal(decision.mean, rating);
        assert.equal(decision.gradientCalls, below ? PER_CRITERION_CALLS : 0);
        assert.equal(decision.raterCalls, 12);
        // The optimizer reads what the router decided: per-criterion groups after a fallback.
        const optimizerPrompt = trace.records.find((r) => r.stage === "optimizer")!.prompt;
        const perCriterionGradients = llm.requests.filter((r) =>
          r.role === "gradient" && r.hint?.kind === "gradient" && r.hint.criteria.length === 1
        );
        assert.equal(perCriterionGradients.length, below ? PER_CRITERION_CALLS : 0);
        const gradients = trace.records.filter((r) => r.stage === "gradient");
        const combined = gradients.filter((g) => g.criteria.length > 1);
        const routed = gradients.filter((g) => g.criteria.length === 1);
        assert.equal(routed.length, below ? PER_CRITERION_CALLS : 0);
        for (const g of routed) assert.ok(optimizerPrompt.includes(g.text));
        for (const g of combined) assert.equal(optimizerPrompt.includes(g.text), !below);
      } finally {
        llm.close();
      }
    });
  }
}

Deno.test("router: modes with per-criterion gradients are not routed (no stage, no call)", async () => {
  const llm = recordingGateway(() => undefined);
  try {
    const trace = await step("SSC", { specificityRouter: { threshold: 11 } }, llm);
    assert.deepEqual(byRole(llm.requests), { judge: 3, loss: 12, gradient: 12, optimizer: 1 });
    assert.ok(!trace.records.some((r) => r.stage === "router"));
  } finally {
    llm.close();
  }
});

Deno.test("router: an unparseable rating counts as diluted (falls back) and is logged as null", async () => {
  const llm = recordingGateway((r) => r.role === "rater" ? "no idea" : undefined);
  try {
    const trace = await step("CCC", { specificityRouter: { threshold: 2 } }, llm);
    const decision = trace.records.find((r) => r.stage === "router")!.data as RoutingDecision;
    assert.ok(decision.fallback && decision.mean === null);
    assert.ok(decision.ratings.every((r) => r.rating === null));
  } finally {
    llm.close();
  }
});

Deno.test("router on the dry run: the rating follows each gradient's text, so both decisions occur", async () => {
  const decisions: boolean[] = [];
  for (const mode of ["SCC", "CCC"]) {
    for (let s = 1; s <= 8; s++) {
      const llm = recordingGateway(undefined, s);
      try {
        const trace = await step(mode, { specificityRouter: { threshold: 6 } }, llm, { step: s });
        const decision = trace.records.find((r) => r.stage === "router")!.data as RoutingDecision;
        assert.equal(decision.fallback, decision.mean! < 6);
        assert.equal(byRole(llm.requests).gradient, 3 + (decision.fallback ? 12 : 0));
        decisions.push(decision.fallback);
      } finally {
        llm.close();
      }
    }
  }
  assert.ok(decisions.includes(true) && decisions.includes(false), String(decisions));
});
