import assert from "node:assert/strict";
import { lengthAsymmetry, lengthShareRelation } from "../../lib/analysis/length_asymmetry.ts";
import type { InstructionTokenLength } from "../../lib/experiment/diagnostic_rows.ts";
import { runRow } from "./_rows.ts";

const row = (
  runId: string,
  step: number,
  criterion: string,
  tokens: number,
): InstructionTokenLength => ({
  runId,
  step,
  criterion,
  chars: tokens * 4,
  words: tokens - 1,
  tokens,
  tokenizer: "o200k_base",
});

Deno.test("length asymmetry: tokens per criterion per step over runs, and each one's share", () => {
  const r1 = runRow("SSS", "none", 1), r2 = runRow("SSS", "none", 2);
  const single = runRow("Single", "none", 1, "a");
  const [sss, one] = lengthAsymmetry([
    row(r1.runId, 0, "a", 6),
    row(r1.runId, 0, "b", 6),
    row(r1.runId, 1, "a", 90),
    row(r1.runId, 1, "b", 10),
    row(r2.runId, 1, "a", 30),
    row(r2.runId, 1, "b", 10),
    row(single.runId, 1, "a", 50),
    row("unknown-run", 1, "a", 1),
  ], [r1, r2, single]);
  assert.equal(sss.mode, "SSS");
  assert.deepEqual(sss.tokenizers, ["o200k_base"]);
  const a1 = sss.perCriterion.a.find((p) => p.step === 1)!;
  assert.equal(a1.tokens, 60);
  assert.equal(a1.minTokens, 30);
  assert.equal(a1.maxTokens, 90);
  assert.equal(a1.chars, 240);
  assert.equal(a1.share, (0.9 + 0.75) / 2);
  assert.equal(sss.perCriterion.b[0].share, 0.5);
  assert.equal(one.perCriterion.a[0].share, 1, "a Single prompt holds one criterion");
});

Deno.test("length share vs Δρ: the rank correlation over criteria", () => {
  // Planted: the longer the instruction, the more its criterion gains; the short ones lose.
  const relation = lengthShareRelation(
    { fluency: 800, coherence: 200, consistency: 50, relevance: 4 },
    { fluency: 0.05, coherence: -0.1, consistency: -0.2, relevance: -0.3 },
  );
  assert.equal(relation.spearman, 1);
  assert.equal(relation.rows[0].share, 800 / 1054);
  const opposite = lengthShareRelation({ a: 1, b: 2, c: 3 }, { a: 3, b: 2, c: 1 });
  assert.equal(opposite.spearman, -1);
});
