// One full step (propose + gate) of every mode through the real Llm facade and the dry-run backend,
// with deliberately unparseable answers mixed in.
import assert from "node:assert/strict";
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import { seedPrompt } from "../../lib/judge/mod.ts";
import { createDryRunLlm } from "../../lib/llm/llm.ts";
import {
  DEFAULT_PROFILE,
  PAPER_PROFILE,
  type Profile,
  runGate,
  stepDraw,
  trainingBatch,
} from "../../lib/loop/mod.ts";
import { MODE_PRESETS, textGradOptimizer } from "../../lib/textgrad/mod.ts";
import { example } from "../judge/_fake_llm.ts";

const spec = SUMMEVAL_SPEC;
const train = Array.from(
  { length: 40 },
  (_, i) =>
    example(`t${i}`, {
      fluency: 1 + (i % 5),
      relevance: 1 + (i % 3),
      coherence: 3,
      consistency: 5,
    }),
);

async function step(modeName: string, profile: Profile) {
  const llm = createDryRunLlm({ seed: 11, faultRate: 0.3 });
  try {
    const mode = MODE_PRESETS[modeName];
    const criteria = mode.single ? ["coherence"] : spec.criteria.map((c) => c.name);
    const prompt = seedPrompt(spec, criteria);
    const split = { train: train.slice(10), validation: train.slice(0, 10) };
    const ctx = {
      llm,
      spec,
      mode,
      profile,
      prompt,
      seed: prompt,
      batch: trainingBatch(split.train, { step: 1, run: 1, size: 3, profile }),
      criteria,
      step: 1,
      run: 1,
      train: split.train,
    };
    const trace = await textGradOptimizer({ mode }).propose(ctx);
    const gate = await runGate(llm, spec, {
      metric: "mae",
      incumbent: prompt,
      candidate: trace.candidate,
      validation: split.validation,
      state: {},
      profile,
      criteria,
      draw: stepDraw(ctx),
    });
    return { trace, gate, usage: llm.usage() };
  } finally {
    llm.close();
  }
}

for (const mode of Object.keys(MODE_PRESETS)) {
  for (const profile of [PAPER_PROFILE, DEFAULT_PROFILE]) {
    Deno.test(`${mode} / ${profile.name}: a dry-run step with faulty answers completes`, async () => {
      const { trace, gate } = await step(mode, profile);
      for (const p of trace.predictions) {
        for (const value of Object.values(p.scores)) {
          assert.ok(value === null || (value >= 1 && value <= 5), "a failure is null, never 0");
        }
        assert.equal(p.error !== undefined, Object.values(p.scores).includes(null));
      }
      const candidateEvaluation = gate.evaluations.candidate!;
      const failures = candidateEvaluation.predictions.filter((p) => p.error).length;
      assert.equal(candidateEvaluation.parseFailures, failures);
      for (const metrics of Object.values(candidateEvaluation.metrics)) {
        assert.equal(metrics.mae.n + metrics.mae.missing, 10);
      }
      assert.equal(gate.decision.n, 10);
      assert.ok(Object.values(trace.candidate.instructions).every((t) => t.length > 0));
    });
  }
}
