import assert from "node:assert/strict";
import {
  DEFAULT_PROFILE,
  PAPER_PROFILE,
  type Profile,
  type ProposeContext,
} from "../../lib/loop/mod.ts";
import { MODE_PRESETS, textGradOptimizer } from "../../lib/textgrad/mod.ts";
import { fakeLlm } from "../judge/_fake_llm.ts";
import { batch, context } from "./_context.ts";

function proposeContext(mode: string, profile: Profile, llm = fakeLlm()): ProposeContext {
  return { ...context(mode, profile, llm), train: batch };
}

Deno.test("textgrad propose: judge, loss, gradient, optimizer records in pipeline order", async () => {
  const llm = fakeLlm();
  const trace = await textGradOptimizer({ mode: MODE_PRESETS.SSC }).propose(
    proposeContext("SSC", DEFAULT_PROFILE, llm),
  );
  const stages = trace.records.map((r) => r.stage);
  const firstIndex = (s: string) => stages.indexOf(s);
  assert.ok(firstIndex("judge") < firstIndex("loss"));
  assert.ok(stages.lastIndexOf("loss") < firstIndex("gradient"));
  assert.ok(stages.lastIndexOf("gradient") < firstIndex("optimizer"));
  assert.deepEqual(
    stages.reduce<Record<string, number>>((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {}),
    { judge: 3, loss: 12, gradient: 12, optimizer: 1 },
  );
  const judged = llm.byRole("judge");
  assert.ok(judged.every((r, i) => r.draw === `r1/s2/train/${batch[i].id}`));
  assert.equal(judged[0].label, "run 1 step 2 train judge ex b1");
  for (const record of trace.records) assert.ok(record.callKey, `${record.stage} links its call`);
  assert.equal(trace.candidate.instructions.fluency, "New fluency instruction.");
  assert.equal(trace.state, undefined);
});

Deno.test("the judge re-asks on the training batch per the profile (paper 0, default 2)", async () => {
  // The first judge request of a row is its first attempt (1 message in the paper's layout, 2 else).
  const failingJudge = (first: number) =>
    fakeLlm((r) => r.role === "judge" && r.messages.length === first ? "??" : undefined);
  const paperLlm = failingJudge(1);
  const paper = await textGradOptimizer({ mode: MODE_PRESETS.CCC }).propose(
    proposeContext("CCC", PAPER_PROFILE, paperLlm),
  );
  assert.equal(paperLlm.byRole("judge").length, 3);
  assert.ok(paper.predictions.every((p) => p.scores.fluency === null && p.error));
  const defaultLlm = failingJudge(2);
  const fixed = await textGradOptimizer({ mode: MODE_PRESETS.CCC }).propose(
    proposeContext("CCC", DEFAULT_PROFILE, defaultLlm),
  );
  assert.equal(defaultLlm.byRole("judge").length, 6);
  assert.ok(fixed.predictions.every((p) => p.scores.fluency === 4 && !p.error));
});

Deno.test("end to end: a judge writing 4.0 for a label of 4 is INCORRECT (0.00) only under the paper profile", async () => {
  const judge4 = () =>
    fakeLlm((r) =>
      r.role === "judge"
        ? '{"fluency": 4.0, "relevance": 3, "coherence": 2, "consistency": 5}'
        : undefined
    );
  const verdictFor = async (profile: Profile) => {
    const trace = await textGradOptimizer({ mode: MODE_PRESETS.SSS }).propose(
      proposeContext("SSS", profile, judge4()),
    );
    const loss = trace.records.find((r) => r.stage === "loss" && r.criteria[0] === "fluency")!;
    return /<OUTPUT_OF_FUNCTION>\n(.*)\n/.exec(loss.prompt)![1];
  };
  assert.equal(await verdictFor(PAPER_PROFILE), "INCORRECT (difference: 0.00)");
  assert.equal(await verdictFor(DEFAULT_PROFILE), "CORRECT");
});
