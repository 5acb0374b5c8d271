// The paper profile's judge behaviours, each against the default: message layout, off-scale
// scores, per-row samples, the abort rule, resent re-asks, zero on empty metrics, the directive.
import assert from "node:assert/strict";
import { BRIGHTER_SPEC } from "../../lib/data/brighter.ts";
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import {
  askUntilValid,
  checkJudgeFailures,
  judgeExamples,
  JudgeFailureError,
  judgeMessages,
  type JudgePrediction,
  renderJudgePrompt,
  scorePredictions,
  seedPrompt,
} from "../../lib/judge/mod.ts";
import { createDryRunLlm } from "../../lib/llm/llm.ts";
import { DEFAULT_PROFILE, judgePolicy, PAPER_PROFILE } from "../../lib/textgrad/mod.ts";
import { ALL_FOUR, example, fakeLlm } from "./_fake_llm.ts";

const spec = SUMMEVAL_SPEC;
const prompt = seedPrompt(spec);

Deno.test("message layout: the paper sends one user message holding the whole prompt", () => {
  const e = example("e1", ALL_FOUR);
  const split = judgeMessages(spec, prompt, e);
  const single = judgeMessages(spec, prompt, e, { singleMessage: true });
  assert.deepEqual(split.map((m) => m.role), ["system", "user"]);
  assert.deepEqual(single.map((m) => m.role), ["user"]);
  assert.equal(single[0].content, `${split[0].content}\n\n${split[1].content}`);
  assert.equal(single[0].content, renderJudgePrompt(spec, prompt, e));
  assert.equal(judgePolicy(PAPER_PROFILE, "test").singleMessage, true);
  assert.equal(judgePolicy(DEFAULT_PROFILE, "test").singleMessage, false);
});

Deno.test("quirk scoreOffScaleValues: a 7 on a 1–5 scale is scored (paper) or dropped (default)", async () => {
  const llm = () =>
    fakeLlm(() => '{"fluency": 7, "relevance": 0, "coherence": 3, "consistency": 4.5}');
  const e = [example("e1", ALL_FOUR)];
  const [paper] = await judgeExamples(llm(), spec, prompt, e, judgePolicy(PAPER_PROFILE, "test"));
  assert.deepEqual(paper.scores, { fluency: 7, relevance: 0, coherence: 3, consistency: 4.5 });
  assert.equal(paper.error, undefined);
  const [fixed] = await judgeExamples(llm(), spec, prompt, e, {
    ...judgePolicy(DEFAULT_PROFILE, "test"),
    reask: 0,
  });
  assert.deepEqual(fixed.scores, {
    fluency: null,
    relevance: null,
    coherence: 3,
    consistency: 4.5,
  });
  assert.match(fixed.error ?? "", /7 is outside 1–5/);
});

Deno.test("independent samples: two rows with the same inputs are two calls, unless shared", async () => {
  const a = example("a", ALL_FOUR);
  const b = { ...example("b", { ...ALL_FOUR, fluency: 1 }), inputs: a.inputs }; // another expert
  for (const [share, expected] of [[false, 2], [true, 1]] as const) {
    const llm = createDryRunLlm({ seed: 5 });
    try {
      const predictions = await judgeExamples(llm, spec, prompt, [a, b], {
        draw: "r1/s0/test",
        shareIdenticalInputs: share,
      });
      assert.equal(predictions.length, 2);
      assert.equal(llm.usage().total.calls, expected, `shareIdenticalInputs ${share}`);
    } finally {
      llm.close();
    }
  }
});

function prediction(id: string, state: "ok" | "missing" | "unparseable"): JudgePrediction {
  return {
    exampleId: id,
    scores: { fluency: state === "ok" ? 3 : null, coherence: state === "unparseable" ? null : 2 },
    literals: {},
    raw: "",
    attempts: 1,
    callKey: "",
    dryRun: true,
    ...(state === "ok" ? {} : { error: state }),
    ...(state === "unparseable" ? { unparseable: true } : {}),
  };
}

Deno.test("abort rule: 1 failure of 3 on training, 5 of 100 or 24 of 480 unparseable on evaluation", () => {
  const many = (n: number, bad: number, state: "missing" | "unparseable") =>
    Array.from({ length: n }, (_, i) => prediction(`e${i}`, i < bad ? state : "ok"));
  const train = judgePolicy(PAPER_PROFILE, "train").failurePolicy!;
  const validation = judgePolicy(PAPER_PROFILE, "validation").failurePolicy!;
  const test = judgePolicy(PAPER_PROFILE, "test").failurePolicy!;
  assert.equal(checkJudgeFailures(many(3, 0, "missing"), train), 0);
  assert.throws(() => checkJudgeFailures(many(3, 1, "missing"), train), JudgeFailureError);
  assert.equal(checkJudgeFailures(many(100, 4, "unparseable"), validation), 4);
  assert.throws(
    () => checkJudgeFailures(many(100, 5, "unparseable"), validation),
    JudgeFailureError,
  );
  // A missing key is dropped at evaluation, as in the paper: only unparseable answers count.
  assert.equal(checkJudgeFailures(many(100, 30, "missing"), validation), 0);
  assert.equal(checkJudgeFailures(many(480, 23, "unparseable"), test), 23);
  assert.throws(() => checkJudgeFailures(many(480, 24, "unparseable"), test), JudgeFailureError);
  // The default profile keeps missing values missing and never aborts; OPRO's scoring never does.
  for (const purpose of ["train", "validation", "test"] as const) {
    assert.equal(judgePolicy(DEFAULT_PROFILE, purpose).failurePolicy, undefined);
  }
  assert.equal(judgePolicy(PAPER_PROFILE, "opro").failurePolicy, undefined);
});

Deno.test("abort rule end to end: an unparseable answer in a training batch throws under the paper profile", async () => {
  const llm = () => fakeLlm((r) => r.label?.endsWith("ex e2") ? "no idea" : undefined);
  const batch = ["e1", "e2", "e3"].map((id) => example(id, ALL_FOUR));
  await assert.rejects(
    judgeExamples(llm(), spec, prompt, batch, judgePolicy(PAPER_PROFILE, "train")),
    (error: unknown) => error instanceof JudgeFailureError && error.failures === 1,
  );
  const kept = await judgeExamples(llm(), spec, prompt, batch, {
    ...judgePolicy(DEFAULT_PROFILE, "train"),
    reask: 0,
  });
  assert.equal(kept[1].unparseable, true);
  assert.equal(kept[1].scores.fluency, null);
});

Deno.test("re-ask policy: resend repeats the same messages as a new sample; default extends the conversation", async () => {
  const parse = (t: string) =>
    /^\d+$/.test(t)
      ? { ok: true as const, value: Number(t) }
      : { ok: false as const, issues: ["nan"] };
  const request = {
    role: "optimizer",
    messages: [{ role: "user" as const, content: "Go." }],
    draw: "r1/s1",
  };
  const resent = fakeLlm((_r, i) => (i === 0 ? "no" : "7"));
  const a = await askUntilValid(resent, request, parse, { resend: true });
  assert.equal(a.value, 7);
  assert.deepEqual(resent.requests[1].messages, request.messages);
  assert.equal(resent.requests[1].draw, "r1/s1/resend1");
  const extended = fakeLlm((_r, i) => (i === 0 ? "no" : "7"));
  await askUntilValid(extended, request, parse);
  assert.equal(extended.requests[1].messages.length, 3);
  assert.equal(extended.requests[1].draw, "r1/s1");
});

Deno.test("quirk zeroOnEmptyMetrics: MAE over no usable pair is 0 (paper) or NaN (default)", () => {
  const examples = [1, 2, 3].map((v) => example(`e${v}`, { fluency: v, coherence: v }));
  const predictions = examples.map((e) => ({
    ...prediction(e.id, "ok"),
    scores: { fluency: null, coherence: e.labels.coherence + 1 },
  }));
  const paper = scorePredictions(["fluency", "coherence"], predictions, examples, {
    emptyMetrics: judgePolicy(PAPER_PROFILE, "test").emptyMetrics,
  });
  assert.equal(paper.metrics.fluency.mae.value, 0);
  assert.equal(paper.metrics.fluency.mae.n, 0);
  assert.equal(paper.average.mae, 0.5, "the empty criterion enters the average as 0");
  const fixed = scorePredictions(["fluency", "coherence"], predictions, examples, {
    emptyMetrics: judgePolicy(DEFAULT_PROFILE, "test").emptyMetrics,
  });
  assert.ok(Number.isNaN(fixed.metrics.fluency.mae.value));
  assert.equal(fixed.average.mae, 1, "NaN is skipped in the average");
});

Deno.test("judge directives have no line break inside a sentence", () => {
  for (const { name, directive } of [SUMMEVAL_SPEC, BRIGHTER_SPEC]) {
    for (const line of directive.split("\n")) {
      assert.ok(line === "" || line.startsWith("#") || /[.:!?]$/.test(line), `${name}: "${line}"`);
    }
  }
});
