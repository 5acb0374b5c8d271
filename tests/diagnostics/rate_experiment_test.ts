import assert from "node:assert/strict";
import { rateExperiment } from "../../lib/diagnostics/rate_experiment.ts";
import { parseRating } from "../../lib/loop/rater_prompts.ts";
import { ExperimentStore } from "../../lib/experiment/store.ts";
import { createDryRunLlm } from "../../lib/llm/llm.ts";
import { LengthError } from "../../lib/llm/errors.ts";
import type { LlmGateway } from "../../lib/llm/types.ts";
import { dryRunStore } from "./_store.ts";

const CRITERIA = ["coherence", "consistency", "fluency", "relevance"];

Deno.test("raters rate every (run, step, criterion) with the step's gradients; a second pass makes no call", async () => {
  const { dir } = await dryRunStore();
  const store = ExperimentStore.open(`${dir}/experiment.sqlite`);
  const llm = createDryRunLlm({ seed: 3 });
  const first = await rateExperiment(store, llm);
  const runs = store.runs();
  assert.equal(runs.length, 2 * (4 + 4));
  // Independently: every run, steps 1..2, every criterion of its prompt, both kinds.
  const expected = runs.flatMap((run) =>
    (run.criterion === null ? CRITERIA : [run.criterion]).flatMap((c) =>
      [1, 2].flatMap((step) =>
        ["adherence", "specificity"].map((kind) => [run.runId, step, c, kind].join("|"))
      )
    )
  ).sort();
  const ratings = store.ratings();
  assert.deepEqual(
    ratings.map((r) => [r.runId, r.step, r.criterion, r.kind].join("|")).sort(),
    expected,
  );
  assert.equal(first.rated, expected.length);
  assert.ok(ratings.every((r) => r.dryRun && r.callKey !== null));
  assert.ok(ratings.every((r) => r.rating === parseRating(r.raw)));

  // The text rated: all gradients stored for the criterion at that step, joined by blank lines.
  const sss = "textgrad/SSS/none/r1", ccc = "textgrad/CCC/none/r1";
  const gradients = (runId: string, criterion: string) =>
    store.stageRecords(runId, 1, "gradient").filter((g) => g.criteria.includes(criterion))
      .map((g) => g.text);
  const sssFluency = gradients(sss, "fluency");
  assert.equal(sssFluency.length, 3, "S gradients: one per batch sample");
  const rated = (runId: string, criterion: string, kind = "specificity") =>
    ratings.find((r) =>
      r.runId === runId && r.step === 1 && r.criterion === criterion && r.kind === kind
    )!;
  assert.ok(rated(sss, "fluency").prompt.includes(sssFluency.join("\n\n")));
  assert.ok(!rated(sss, "fluency").prompt.includes(gradients(sss, "coherence")[0]));
  // C gradients: the same combined text rated once per criterion.
  const combined = gradients(ccc, "fluency").join("\n\n");
  for (const c of CRITERIA) assert.ok(rated(ccc, c).prompt.includes(combined), c);
  // Adherence sees the incumbent and the candidate (rejected ones too).
  const steps = store.steps(sss);
  const adherence = rated(sss, "fluency", "adherence").prompt;
  assert.ok(adherence.includes(`## Old Instructions\n${steps[0].prompt.instructions.fluency}`));
  assert.ok(adherence.includes(`## New Instructions\n${steps[1].candidate!.instructions.fluency}`));

  // Synthetic ratings depend on the text: combined gradients look less focused (dry run only).
  const mean = (mode: string) => {
    const values = ratings.filter((r) => r.kind === "specificity" && r.runId.includes(`/${mode}/`))
      .map((r) => r.rating!).filter((v) => v !== null);
    return values.reduce((a, b) => a + b, 0) / values.length;
  };
  assert.ok(mean("SSS") > mean("CCC") + 3, `${mean("SSS")} vs ${mean("CCC")}`);

  const before = store.table("ratings");
  const callsBefore = llm.usage().total.calls;
  const second = await rateExperiment(store, llm);
  assert.equal(second.rated, 0);
  assert.equal(second.skipped, expected.length);
  assert.equal(llm.usage().total.calls, callsBefore);
  assert.deepEqual(store.table("ratings"), before);
  store.close();
  llm.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a cancelled rating pass keeps what it stored and the next pass completes it identically", async () => {
  const { dir } = await dryRunStore({ modes: ["SSC"], gates: ["none"] });
  const store = ExperimentStore.open(`${dir}/experiment.sqlite`);
  const controller = new AbortController();
  const partial = await rateExperiment(store, createDryRunLlm({ seed: 3 }), {
    signal: controller.signal,
    concurrency: 2,
    onRating: (_row, done) => {
      if (done === 5) controller.abort();
    },
  });
  assert.ok(partial.rated >= 5 && partial.rated < partial.units, `${partial.rated}`);
  assert.equal(store.ratings().length, partial.rated);
  const rest = await rateExperiment(store, createDryRunLlm({ seed: 3 }));
  assert.equal(rest.skipped, partial.rated);
  assert.equal(store.ratings().length, partial.units);

  const whole = await dryRunStore({ modes: ["SSC"], gates: ["none"] });
  const wholeStore = ExperimentStore.open(`${whole.dir}/experiment.sqlite`);
  await rateExperiment(wholeStore, createDryRunLlm({ seed: 3 }));
  assert.deepEqual(store.ratings(), wholeStore.ratings());
  for (const s of [store, wholeStore]) s.close();
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(whole.dir, { recursive: true });
});

Deno.test("an answer cut at max_tokens is parsed like any other, not a reason to stop", async () => {
  const { dir } = await dryRunStore({ modes: ["SSS"], gates: ["none"], steps: 1 });
  const store = ExperimentStore.open(`${dir}/experiment.sqlite`);
  let calls = 0;
  const llm: LlmGateway = {
    complete: () => {
      calls++;
      const partialText = calls % 2 === 1 ? "7 — the gradient" : "The gradient is";
      return Promise.reject(new LengthError("cut", { partialText }));
    },
  };
  const outcome = await rateExperiment(store, llm, { concurrency: 1 });
  assert.equal(outcome.rated, 8);
  assert.equal(outcome.invalid, 4);
  const ratings = store.ratings();
  assert.deepEqual(
    ratings.map((r) => r.rating).sort(),
    [7, 7, 7, 7, null, null, null, null],
  );
  assert.ok(ratings.every((r) => r.raw === "7 — the gradient" || r.raw === "The gradient is"));
  store.close();
  await Deno.remove(dir, { recursive: true });
});
