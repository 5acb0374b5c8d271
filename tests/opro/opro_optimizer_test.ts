import assert from "node:assert/strict";
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import { seedPrompt } from "../../lib/judge/mod.ts";
import { fixedSubset, oproOptimizer, type OproState } from "../../lib/opro/mod.ts";
import { DEFAULT_PROFILE, type ProposeContext } from "../../lib/loop/mod.ts";
import { example, fakeLlm } from "../judge/_fake_llm.ts";

const spec = SUMMEVAL_SPEC;
const criteria = ["fluency", "coherence"];
const train = Array.from(
  { length: 20 },
  (_, i) => example(`t${i}`, { fluency: 1 + (i % 5), coherence: 1 + ((i + 2) % 5) }),
);

/**
 * The judge gets a criterion right exactly when that criterion's instruction contains "GOOD";
 * candidate i of the optimizer writes GOOD for fluency when i is odd and for coherence when i == 2.
 */
function world() {
  return fakeLlm((request) => {
    if (request.role === "judge") {
      const system = request.messages[0].content; // the paper's layout: one user message
      const id = request.label!.split("ex ")[1];
      const labels = train.find((e) => e.id === id)!.labels;
      const scores = Object.fromEntries(criteria.map((c) => {
        const good = new RegExp(`- ${c}: [^\\n]*GOOD`).test(system);
        return [c, good ? labels[c] : (labels[c] % 5) + 1];
      }));
      return JSON.stringify(scores);
    }
    if (request.role === "optimizer") {
      const i = Number(String(request.draw).split("/c")[1]);
      return JSON.stringify({
        instructions: {
          fluency: `${i % 2 === 1 ? "GOOD" : "meh"} fluency ${i}`,
          coherence: `${i === 2 ? "GOOD" : "meh"} coherence ${i}`,
        },
      });
    }
  });
}

function ctx(llm: ReturnType<typeof fakeLlm>, step: number, state?: unknown): ProposeContext {
  const prompt = seedPrompt(spec, criteria);
  return {
    llm,
    spec,
    profile: DEFAULT_PROFILE,
    prompt,
    seed: prompt,
    batch: train.slice(0, 3),
    criteria,
    step,
    run: 1,
    train,
    state,
  };
}

Deno.test("one OPRO step: score current, N proposals each scored, the best mean kept", async () => {
  const llm = world();
  const trace = await oproOptimizer({ candidates: 4, subsetSize: 5 }).propose(ctx(llm, 1));
  assert.equal(llm.byRole("optimizer").length, 4);
  assert.equal(llm.byRole("judge").length, 5 + 4 * 5);
  // Candidates 1 and 3 get fluency right (mean 0.5), candidate 2 coherence (0.5): first best wins.
  assert.equal(trace.candidate.instructions.fluency, "GOOD fluency 1");
  const chosen = trace.records.filter((r) =>
    r.stage === "optimizer" && (r.data as { chosen: boolean }).chosen
  );
  assert.equal(chosen.length, 1);
  const draws = new Set(llm.byRole("judge").map((r) => String(r.draw).replace(/\/[^/]+$/, "")));
  assert.ok(draws.has("r1/s1/opro-current") && draws.has("r1/s1/opro-c3"));
  assert.deepEqual(
    llm.byRole("judge").filter((r) => String(r.draw).startsWith("r1/s1/opro-current/")).map((r) =>
      r.label!.split("ex ")[1]
    ),
    fixedSubset(train, 5).map((e) => e.id),
  );
});

Deno.test("the trajectory is plain data in StepTrace.state and an opro-trajectory record", async () => {
  const trace = await oproOptimizer({ candidates: 4, subsetSize: 5 }).propose(ctx(world(), 1));
  const state = trace.state as OproState;
  assert.equal(state.trajectory.length, 5, "current + 4 candidates");
  const ranks = state.trajectory.map((e) => criteria.reduce((s, c) => s + (e.scores[c] ?? 0), 0));
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), "worst to best");
  assert.equal(state.trajectory[0].source, "current");
  const record = trace.records.find((r) => r.stage === "opro-trajectory")!;
  assert.deepEqual(record.data, state);
  assert.deepEqual(JSON.parse(JSON.stringify(state)), state);
});

Deno.test("resuming from a stored trajectory reproduces the uninterrupted next step", async () => {
  const optimizer = oproOptimizer({ candidates: 3, subsetSize: 4 });
  const first = await optimizer.propose(ctx(world(), 1));
  const straightLlm = world();
  await optimizer.propose(ctx(straightLlm, 2, first.state));
  const resumedLlm = world();
  await optimizer.propose(ctx(resumedLlm, 2, JSON.parse(JSON.stringify(first.state))));
  assert.deepEqual(resumedLlm.requests, straightLlm.requests);
  const meta = straightLlm.byRole("optimizer")[0].messages.at(-1)!.content;
  assert.ok(meta.includes("GOOD fluency 1"), "step 1's candidates appear in step 2's meta-prompt");
});

Deno.test("a corrupt restored state is rejected with a TypeError", async () => {
  await assert.rejects(
    () => oproOptimizer().propose(ctx(world(), 2, { trajectory: "lost" })),
    TypeError,
  );
});

Deno.test("the meta-prompt lists scores worst to best, exemplars outside the subset, and the JSON shape", async () => {
  const llm = world();
  await oproOptimizer({ candidates: 1, subsetSize: 5, exemplars: 3 }).propose(ctx(llm, 2, {
    trajectory: [
      {
        instructions: { fluency: "low", coherence: "low" },
        scores: { fluency: 0.2, coherence: 0 },
        step: 1,
        source: "candidate",
      },
      {
        instructions: { fluency: "high", coherence: "high" },
        scores: { fluency: 1, coherence: 0.8 },
        step: 1,
        source: "candidate",
      },
    ],
  }));
  const meta = llm.byRole("optimizer")[0].messages.at(-1)!.content;
  assert.ok(meta.indexOf("- Instruction: low") < meta.indexOf("- Instruction: high"));
  assert.ok(meta.includes("- Score: 20.0") && meta.includes("- Score: 80.0"));
  assert.equal(meta.match(/^Example \d$/gm)?.length, 3);
  assert.ok(meta.includes("<INS_fluency>\n<INS_coherence>"));
  const subset = new Set(fixedSubset(train, 5).map((e) => e.id));
  for (const id of [...meta.matchAll(/Summary (t\d+)\./g)].map((m) => m[1])) {
    assert.ok(!subset.has(id), `exemplar ${id} is in the scoring subset`);
  }
  assert.ok(
    meta.includes(
      '{"instructions": {"fluency": "<new instruction>", "coherence": "<new instruction>"}}',
    ),
  );
});
