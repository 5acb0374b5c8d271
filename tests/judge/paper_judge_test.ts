// The paper profile's judge behaviours, each against the default: message layout, off-scale
// scores, per-row samples, the abort rule, resent re-asks, zero on empty metrics, the directive.
import assert from "node:assert/strict";
import { BRIGHTER_SPEC } from "../../lib/data/brighter.ts";
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import {
  judgeExamples,
  judgeMessages,
  type JudgePrediction,
  renderJudgePrompt,
  scorePredictions,
  seedPrompt,
} from "../../lib/judge/mod.ts";
import { askUntilValid } from "../../lib/llm/ask_until_valid.ts";
import { createDryRunLlm } from "../../lib/llm/llm.ts";
import {
  checkParseFailures,
  ParseFailureError,
  stepParseFailures,
} from "../../lib/experiment/parse_failures.ts";
import {
  DEFAULT_PROFILE,
  evaluationOptions,
  PAPER_PROFILE,
  parseFailureCounting,
} from "../../lib/loop/mod.ts";
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
  assert.equal(evaluationOptions(PAPER_PROFILE).singleMessage, true);
  assert.equal(evaluationOptions(DEFAULT_PROFILE).singleMessage, false);
});

Deno.test("quirk scoreOffScaleValues: a 7 on a 1–5 scale is scored (paper) or dropped (default)", async () => {
  const llm = () =>
    fakeLlm(() => '{"fluency": 7, "relevance": 0, "coherence": 3, "consistency": 4.5}');
  const e = [example("e1", ALL_FOUR)];
  const [paper] = await judgeExamples(llm(), spec, prompt, e, evaluationOptions(PAPER_PROFILE));
  assert.deepEqual(paper.scores, { fluency: 7, relevance: 0, coherence: 3, consistency: 4.5 });
  assert.equal(paper.error, undefined);
  const [fixed] = await judgeExamples(llm(), spec, prompt, e, {
    ...evaluationOptions(DEFAULT_PROFILE),
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

function step(train: JudgePrediction[], test: JudgePrediction[]) {
  return {
    trainPredictions: train,
    validation: [],
    test: { predictions: test, parseFailures: 0, metrics: {}, average: {} },
  };
}

Deno.test("abort rule: 1 incomplete of 3 on training; 5 of 100 or 24 of 480 unparseable on evaluation", () => {
  const many = (n: number, bad: number, state: "missing" | "unparseable") =>
    Array.from({ length: n }, (_, i) => prediction(`e${i}`, i < bad ? state : "ok"));
  const tolerance = PAPER_PROFILE.parseFailureTolerance;
  const paper = { evaluation: parseFailureCounting(PAPER_PROFILE) };
  const check = (train: JudgePrediction[], test: JudgePrediction[]) =>
    checkParseFailures(stepParseFailures(step(train, test), paper), tolerance, "run r1 step 1");
  check(many(3, 0, "missing"), many(100, 4, "unparseable"));
  assert.throws(() => check(many(3, 1, "missing"), []), ParseFailureError);
  assert.throws(() => check([], many(100, 5, "unparseable")), ParseFailureError);
  // A missing key is dropped at evaluation, as in the paper: only unparseable answers count.
  check([], many(100, 30, "missing"));
  check([], many(480, 23, "unparseable"));
  assert.throws(() => check([], many(480, 24, "unparseable")), ParseFailureError);
  // The default profile counts every incomplete answer, against its own tolerance (50 %).
  const fixed = { evaluation: parseFailureCounting(DEFAULT_PROFILE) };
  const counts = stepParseFailures(step([], many(100, 30, "missing")), fixed);
  assert.equal(counts[0].failures, 30);
  checkParseFailures(counts, DEFAULT_PROFILE.parseFailureTolerance, "run r1 step 1");
});

Deno.test("an unparseable answer is marked as such; a missing key is not", async () => {
  const llm = fakeLlm((r) =>
    r.label?.endsWith("ex e2")
      ? "no idea"
      : r.label?.endsWith("ex e3")
      ? '{"fluency": 3}'
      : undefined
  );
  const batch = ["e1", "e2", "e3"].map((id) => example(id, ALL_FOUR));
  const [ok, bad, partial] = await judgeExamples(llm, spec, prompt, batch, {
    ...evaluationOptions(PAPER_PROFILE),
  });
  assert.equal(ok.unparseable, undefined);
  assert.equal(bad.unparseable, true);
  assert.equal(bad.scores.fluency, null);
  assert.equal(partial.unparseable, undefined);
  assert.ok(partial.error !== undefined && partial.scores.coherence === null);
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
  const a = await askUntilValid(resent, request, parse, { followUp: "resend" });
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
    emptyMetrics: evaluationOptions(PAPER_PROFILE).emptyMetrics,
  });
  assert.equal(paper.metrics.fluency.mae.value, 0);
  assert.equal(paper.metrics.fluency.mae.n, 0);
  assert.equal(paper.average.mae, 0.5, "the empty criterion enters the average as 0");
  const fixed = scorePredictions(["fluency", "coherence"], predictions, examples, {
    emptyMetrics: evaluationOptions(DEFAULT_PROFILE).emptyMetrics,
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
