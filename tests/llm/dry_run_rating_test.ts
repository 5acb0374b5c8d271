import assert from "node:assert/strict";
import { createDryRunLlm } from "../../lib/llm/llm.ts";
import type { OutputHint } from "../../lib/llm/types.ts";

type Basis = Extract<OutputHint, { kind: "rating" }>["basis"];

async function ratings(basis: Basis, draws = 8): Promise<number[]> {
  const llm = createDryRunLlm({ seed: 1 });
  const values: number[] = [];
  for (let draw = 0; draw < draws; draw++) {
    const reply = await llm.complete({
      role: "rater",
      messages: [{ role: "user", content: "Rate." }],
      draw,
      hint: { kind: "rating", min: 1, max: 10, basis },
    });
    values.push(Number(reply.text));
  }
  llm.close();
  return values;
}

const CRITERIA = ["fluency", "coherence", "relevance", "consistency"];

Deno.test("dry-run ratings follow the rated text: focused text high, text split over criteria low", async () => {
  const focused = await ratings({
    kind: "focus",
    text: "The fluency guidance should name fluency errors.",
    target: "fluency",
    criteria: CRITERIA,
  });
  const diluted = await ratings({
    kind: "focus",
    text: `Advice on ${CRITERIA.join(", ")}.`,
    target: "fluency",
    criteria: CRITERIA,
  });
  assert.ok(focused.every((v) => v >= 9 && v <= 10), String(focused));
  assert.ok(diluted.every((v) => v >= 2 && v <= 4), String(diluted)); // 1 + 9/4, ± 1
});

Deno.test("dry-run focus: a text naming every criterion gains with its share of concrete fixes", async () => {
  const all = CRITERIA.join(", ");
  const diagnosis = `Predictions for ${all} drift. Scores for ${all} vary.`;
  const fixes = `A concrete anchor for ${all} would help. The ${all} guidance should say more.`;
  const rate = (text: string) =>
    ratings({ kind: "focus", text, target: "fluency", criteria: CRITERIA });
  const low = await rate(diagnosis), high = await rate(fixes);
  assert.ok(low.every((v) => v >= 2 && v <= 4), String(low)); // only diagnoses: 1 + 9/4, ± 1
  assert.ok(high.every((v) => v >= 9), String(high)); // every sentence a fix: full credit
  const half = await rate(`${diagnosis} ${fixes}`); // 1.5 × 1/2 of the rest: 1 + 9 × 0.8125, ± 1
  assert.ok(half.every((v) => v >= 7 && v <= 9), String(half));
});

Deno.test("dry-run adherence follows word overlap with the reference", async () => {
  const reference = "Penalise grammatical mistakes and awkward phrasing strictly.";
  const follows = await ratings({ kind: "overlap", text: reference, reference });
  const ignores = await ratings({ kind: "overlap", text: "Score summaries quickly.", reference });
  assert.ok(follows.every((v) => v >= 9), String(follows));
  assert.ok(ignores.every((v) => v <= 2), String(ignores));
});
