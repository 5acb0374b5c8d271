// The routing table of paper-method §4.6: calls per step, by role, before validation and test,
// with the paper profile, batch size 3, SummEval's 4 criteria, the real Llm facade and the dry-run
// backend.
import assert from "node:assert/strict";
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import { seedPrompt } from "../../lib/judge/mod.ts";
import { createDryRunLlm } from "../../lib/llm/llm.ts";
import { PAPER_PROFILE, type ProposeContext, trainingBatch } from "../../lib/loop/mod.ts";
import { MODE_PRESETS, textGradOptimizer } from "../../lib/textgrad/mod.ts";
import { example } from "../judge/_fake_llm.ts";

const spec = SUMMEVAL_SPEC;
const criteria = spec.criteria.map((c) => c.name);
const train = Array.from(
  { length: 160 },
  (_, i) => example(`t${i}`, { fluency: 1 + (i % 5), relevance: 5, coherence: 3, consistency: 4 }),
);

async function countCalls(
  modeName: string,
  runCriteria: string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const llm = createDryRunLlm({
    seed: 7,
    onCall: (event) => counts[event.request.role] = (counts[event.request.role] ?? 0) + 1,
  });
  try {
    const prompt = seedPrompt(spec, runCriteria);
    const ctx: ProposeContext = {
      llm,
      spec,
      profile: PAPER_PROFILE,
      prompt,
      seed: prompt,
      batch: trainingBatch(train, { step: 1, run: 1, size: 3, profile: PAPER_PROFILE }),
      criteria: runCriteria,
      step: 1,
      run: 1,
      train,
    };
    const trace = await textGradOptimizer({ mode: MODE_PRESETS[modeName] }).propose(ctx);
    assert.equal(trace.predictions.length, 3);
    assert.ok(trace.predictions.every((p) => p.dryRun && p.error === undefined));
    assert.notDeepEqual(trace.candidate.instructions, prompt.instructions);
    const sent = Object.values(counts).reduce((a, b) => a + b, 0);
    assert.equal(llm.usage().total.calls, sent, "every call reaches the backend (no cache merges)");
  } finally {
    llm.close();
  }
  return counts;
}

const EXPECTED: Record<
  string,
  { judge: number; loss: number; gradient: number; optimizer: number }
> = {
  SSS: { judge: 3, loss: 12, gradient: 12, optimizer: 4 }, // 31
  SSC: { judge: 3, loss: 12, gradient: 12, optimizer: 1 }, // 28
  SCC: { judge: 3, loss: 12, gradient: 3, optimizer: 1 }, // 19
  CCC: { judge: 3, loss: 3, gradient: 3, optimizer: 1 }, // 10
};
const TOTALS: Record<string, number> = { SSS: 31, SSC: 28, SCC: 19, CCC: 10 };

for (const [mode, expected] of Object.entries(EXPECTED)) {
  Deno.test(`${mode}: calls per step by role match the paper's routing table`, async () => {
    const counts = await countCalls(mode, criteria);
    assert.deepEqual(counts, expected);
    assert.equal(Object.values(counts).reduce((a, b) => a + b, 0), TOTALS[mode]);
  });
}

Deno.test("Single: 10 calls per step in each of the four one-criterion runs", async () => {
  for (const criterion of criteria) {
    const counts = await countCalls("Single", [criterion]);
    assert.deepEqual(counts, { judge: 3, loss: 3, gradient: 3, optimizer: 1 }, criterion);
  }
});
