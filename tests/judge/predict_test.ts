import assert from "node:assert/strict";
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import { judgeExamples, seedPrompt } from "../../lib/judge/mod.ts";
import type { ChatResult, LlmGateway } from "../../lib/llm/types.ts";
import { LengthError } from "../../lib/llm/errors.ts";
import { ALL_FOUR, example, fakeLlm } from "./_fake_llm.ts";

const spec = SUMMEVAL_SPEC;
const prompt = seedPrompt(spec);

Deno.test("an unparseable answer is re-asked with a correction, then accepted", async () => {
  const llm = fakeLlm((_r, i) => i === 0 ? "Scores: fluency four" : undefined);
  const [p] = await judgeExamples(llm, spec, prompt, [example("e1", ALL_FOUR)], { reask: 2 });
  assert.equal(p.attempts, 2);
  assert.equal(p.error, undefined);
  assert.deepEqual(p.scores, { fluency: 4, relevance: 4, coherence: 4, consistency: 4 });
  const second = llm.requests[1];
  assert.equal(second.messages.length, 4, "the re-ask appends the failed answer and a correction");
  assert.equal(second.messages[2].content, "Scores: fluency four");
  assert.match(second.messages[3].content, /fluency, relevance, coherence, consistency/);
  assert.equal(second.draw, llm.requests[0].draw);
});

Deno.test("a missing criterion is re-asked; a later unparseable answer does not erase it", async () => {
  const answers = ['{"fluency": 5, "relevance": 4, "coherence": 3}', "sorry", "still no"];
  const llm = fakeLlm((_r, i) => answers[i]);
  const [p] = await judgeExamples(llm, spec, prompt, [example("e1", ALL_FOUR)], { reask: 2 });
  assert.equal(p.attempts, 3);
  assert.deepEqual(p.scores, { fluency: 5, relevance: 4, coherence: 3, consistency: null });
  assert.match(p.error ?? "", /consistency/);
  assert.equal(p.raw, answers[0]);
});

Deno.test("with reask 0 (paper profile) a failure is recorded as null scores, never 0", async () => {
  const llm = fakeLlm(() => "no json here");
  const [p] = await judgeExamples(llm, spec, prompt, [example("e1", ALL_FOUR)], { reask: 0 });
  assert.equal(llm.requests.length, 1);
  assert.deepEqual(p.scores, {
    fluency: null,
    relevance: null,
    coherence: null,
    consistency: null,
  });
  assert.ok(p.error);
});

Deno.test("requests carry role, label, hint and draw", async () => {
  const llm = fakeLlm();
  await judgeExamples(llm, spec, seedPrompt(spec, ["coherence"]), [example("e9", ALL_FOUR)], {
    draw: "r1/s2/train",
    label: "run 1 step 2 train",
  });
  const [r] = llm.requests;
  assert.equal(r.role, "judge");
  assert.equal(r.draw, "r1/s2/train/e9", "the row's id makes each row its own sample");
  assert.equal(r.label, "run 1 step 2 train judge ex e9");
  assert.deepEqual(r.hint, { kind: "judge", criteria: [{ name: "coherence", min: 1, max: 5 }] });
});

Deno.test("all judge calls are in flight at once (the LLM layer schedules them)", async () => {
  let inFlight = 0;
  let peak = 0;
  const base = fakeLlm();
  const llm: LlmGateway = {
    ...base,
    async complete(request) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return base.complete(request) as Promise<ChatResult>;
    },
  };
  const examples = Array.from({ length: 6 }, (_, i) => example(`e${i}`, ALL_FOUR));
  const predictions = await judgeExamples(llm, spec, prompt, examples);
  assert.equal(peak, 6);
  assert.deepEqual(predictions.map((p) => p.exampleId), examples.map((e) => e.id));
});

Deno.test("an answer cut at max_tokens counts as a failed attempt, not a crash", async () => {
  const base = fakeLlm();
  let calls = 0;
  const llm: LlmGateway = {
    ...base,
    complete(request) {
      calls++;
      if (calls === 1) {
        return Promise.reject(new LengthError("cut", { partialText: '{"fluency": 4, "rel' }));
      }
      return base.complete(request);
    },
  };
  const [p] = await judgeExamples(llm, spec, prompt, [example("e1", ALL_FOUR)], { reask: 1 });
  assert.equal(p.attempts, 2);
  assert.equal(p.error, undefined);
});

Deno.test("repeated identical failures still give distinct re-ask requests (no cache replays)", async () => {
  const llm = fakeLlm(() => "no json");
  const [p] = await judgeExamples(llm, spec, prompt, [example("e1", ALL_FOUR)], { reask: 2 });
  assert.equal(p.attempts, 3);
  const conversations = llm.requests.map((r) => JSON.stringify(r.messages));
  assert.equal(new Set(conversations).size, 3);
  assert.equal(llm.requests[2].messages.length, 6);
});

Deno.test("a gateway's maxInFlight bounds the rows judged at once; predictions keep the examples' order", async () => {
  let inFlight = 0, peak = 0;
  const llm: LlmGateway = {
    maxInFlight: 3,
    async complete(request) {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, request.label!.endsWith("0") ? 5 : 1));
      inFlight--;
      return {
        text: '{"coherence": 3, "consistency": 4, "fluency": 2, "relevance": 5}',
        finishReason: "stop",
        usage: { inputTokens: 1, outputTokens: 1, estimated: true },
        model: "m",
        cached: false,
        dryRun: true,
        key: request.label!,
      } satisfies ChatResult;
    },
  };
  const examples = Array.from({ length: 10 }, (_, i) => example(`e${i}`, {}));
  const predictions = await judgeExamples(llm, SUMMEVAL_SPEC, seedPrompt(SUMMEVAL_SPEC), examples);
  assert.equal(peak, 3);
  assert.deepEqual(predictions.map((p) => p.exampleId), examples.map((e) => e.id));
});
