// OPRO as the paper ran it (paper-method §6.1): exemplars not excluded from the scoring subset,
// a trajectory that keeps repeated sets, role temperatures 0.0 / 1.0, one configuration without
// a gate.
import assert from "node:assert/strict";
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import { experimentGrid } from "../../lib/experiment/grid.ts";
import { resolveLlmConfig } from "../../lib/experiment/llm_config.ts";
import { seedPrompt } from "../../lib/judge/mod.ts";
import { addToTrajectory, fixedSubset, oproOptimizer } from "../../lib/opro/mod.ts";
import {
  DEFAULT_PROFILE,
  PAPER_PROFILE,
  type Profile,
  type ProposeContext,
} from "../../lib/loop/mod.ts";
import { example, fakeLlm } from "../judge/_fake_llm.ts";

const spec = SUMMEVAL_SPEC;
const criteria = ["fluency", "coherence"];
const train = Array.from({ length: 12 }, (_, i) => example(`t${i}`, { fluency: 3, coherence: 3 }));

function ctx(llm: ReturnType<typeof fakeLlm>, profile: Profile): ProposeContext {
  const prompt = seedPrompt(spec, criteria);
  return {
    llm,
    spec,
    profile,
    prompt,
    seed: prompt,
    batch: train.slice(0, 3),
    criteria,
    step: 2,
    run: 1,
    train,
  };
}

Deno.test("quirk oproExemplarsOverlapSubset: the paper's exemplars may be scoring rows", async () => {
  // numpy: permutation(2) of 12 rows and permutation(0) share rows in their heads.
  const exemplarIds = async (profile: Profile) => {
    const llm = fakeLlm();
    await oproOptimizer({ candidates: 1, subsetSize: 6, exemplars: 3 }).propose(ctx(llm, profile));
    const meta = llm.byRole("optimizer")[0].messages.at(-1)!.content;
    return [...meta.matchAll(/Summary (t\d+)\./g)].map((m) => m[1]);
  };
  const subset = new Set(fixedSubset(train, 6).map((e) => e.id));
  const paper = await exemplarIds(PAPER_PROFILE);
  const fixed = await exemplarIds(DEFAULT_PROFILE);
  assert.equal(paper.length, 3);
  assert.equal(fixed.length, 3);
  assert.ok(paper.some((id) => subset.has(id)), "the paper's exclusion never triggers");
  assert.ok(fixed.every((id) => !subset.has(id)));
});

Deno.test("quirk oproTrajectoryKeepsDuplicates: a repeated set is kept twice (paper) or once", () => {
  const entry = (text: string, score: number) => ({
    instructions: { a: text },
    scores: { a: score },
    step: 1,
    source: "candidate" as const,
  });
  const entries = [entry("x", 0.2), entry("x", 0.6), entry("y", 0.4)];
  const heap = addToTrajectory([], entries, ["a"], 20, { keepDuplicates: true });
  assert.deepEqual(heap.map((e) => [e.instructions.a, e.scores.a]), [["x", 0.2], ["y", 0.4], [
    "x",
    0.6,
  ]]);
  const unique = addToTrajectory([], entries, ["a"], 20);
  assert.deepEqual(unique.map((e) => [e.instructions.a, e.scores.a]), [["y", 0.4], ["x", 0.6]]);
  assert.ok(PAPER_PROFILE.quirks.oproTrajectoryKeepsDuplicates);
  assert.ok(!DEFAULT_PROFILE.quirks.oproTrajectoryKeepsDuplicates);
});

Deno.test("OPRO's roles default to scorer 0.0 and optimizer 1.0 unless the endpoint config sets them", async () => {
  const opro = await resolveLlmConfig({ algorithm: "opro", llm: { defaults: { model: "m" } } });
  assert.equal(opro.roles.judge.temperature, 0);
  assert.equal(opro.roles.optimizer.temperature, 1);
  assert.equal(opro.roles.judge.maxTokens, 256);
  const textgrad = await resolveLlmConfig({ algorithm: "textgrad", llm: {} });
  assert.equal(textgrad.roles.judge.temperature, 0.1);
  assert.equal(textgrad.roles.optimizer.temperature, 0.7);
  const set = await resolveLlmConfig({
    algorithm: "opro",
    llm: { roles: { optimizer: { temperature: 0.5 } } },
  });
  assert.equal(set.roles.optimizer.temperature, 0.5);
  assert.equal(set.roles.judge.temperature, 0);
});

Deno.test("the OPRO grid: multi-criterion modes are one configuration; the paper has no gate", () => {
  const paper = experimentGrid({
    algorithm: "opro",
    profile: "paper",
    modes: ["SSS", "SSC", "SCC", "CCC", "Single"],
    gates: ["mae", "none"],
  });
  assert.deepEqual(paper.modes, ["CCC", "Single"]);
  assert.deepEqual(paper.gates, ["none"]);
  assert.equal(paper.notes.length, 2);
  const fixed = experimentGrid({
    algorithm: "opro",
    profile: "default",
    modes: ["CCC"],
    gates: ["mae", "none"],
  });
  assert.deepEqual([fixed.modes, fixed.gates, fixed.notes], [["CCC"], ["mae", "none"], []]);
  const textgrad = experimentGrid({
    algorithm: "textgrad",
    profile: "paper",
    modes: ["SSS", "CCC"],
    gates: ["mae", "none"],
  });
  assert.deepEqual([textgrad.modes, textgrad.gates], [["SSS", "CCC"], ["mae", "none"]]);
});
