// No accepted instruction exceeds its length budget, whatever the optimizer proposes; the
// optimizer is told the budget; the spread across criteria is reported per step.
import assert from "node:assert/strict";
import { countTokens } from "../../lib/metrics/tokenizer.ts";
import type { LengthBudgetReport } from "../../lib/mitigations/mod.ts";
import { CRITERIA, recordingGateway, step } from "./_step.ts";

const BUDGETS = { fluency: 12, relevance: 20, coherence: 16, consistency: 9 };

for (const mode of ["SSS", "SSC", "SCC", "CCC"]) {
  Deno.test(`length budget ${mode}: every accepted instruction is within its budget (qwen3 tokens)`, async () => {
    for (const stepNo of [1, 2, 3]) {
      const llm = recordingGateway(undefined, stepNo);
      try {
        const trace = await step(mode, { lengthBudget: { tokens: BUDGETS } }, llm, {
          step: stepNo,
        });
        for (const criterion of CRITERIA) {
          const tokens = await countTokens(trace.candidate.instructions[criterion], "qwen3");
          assert.ok(
            tokens <= BUDGETS[criterion as keyof typeof BUDGETS],
            `${criterion}: ${tokens}`,
          );
          assert.ok(tokens > 0, `${criterion} is not emptied`);
        }
        const report = trace.records.find((r) => r.stage === "length-budget" && r.callKey === null)!
          .data as LengthBudgetReport;
        const lengths = Object.values(report.tokens);
        assert.equal(report.spread, Math.max(...lengths) - Math.min(...lengths));
        // The optimizer saw each budget in its feedback.
        const optimizerPrompts = trace.records.filter((r) => r.stage === "optimizer")
          .map((r) => r.prompt).join("\n");
        for (const [criterion, budget] of Object.entries(BUDGETS)) {
          assert.ok(optimizerPrompts.includes(`"${criterion}" within ${budget} tokens`), criterion);
        }
      } finally {
        llm.close();
      }
    }
  });
}

Deno.test("length budget: an instruction over budget is re-asked, and a good compression is kept as written", async () => {
  const short = "Score grammar and flow.";
  const llm = recordingGateway((r) =>
    r.label?.includes("length-budget") ? short : r.hint?.kind === "instructions"
      ? JSON.stringify({
        instructions: { fluency: "Consider every aspect of fluency in great detail, ".repeat(8) },
      })
      : undefined
  );
  try {
    const trace = await step("Single", { lengthBudget: { tokens: 20, attempts: 2 } }, llm, {
      criteria: ["fluency"],
    });
    assert.equal(trace.candidate.instructions.fluency, short);
    const report = trace.records.at(-1)!.data as LengthBudgetReport;
    assert.equal(report.actions.fluency, "compressed");
    assert.equal(report.calls, 1);
    assert.ok(report.proposedTokens.fluency > 20);
  } finally {
    llm.close();
  }
});

Deno.test("length budget: a compression that stays over is re-asked `attempts` times, then cut", async () => {
  const long = "Consider every aspect of fluency in great detail, ".repeat(8);
  const llm = recordingGateway((r) =>
    r.role !== "optimizer"
      ? undefined
      : r.hint?.kind === "instructions"
      ? JSON.stringify({ instructions: { fluency: long } })
      : long
  );
  try {
    const trace = await step("Single", { lengthBudget: { tokens: 15, attempts: 3 } }, llm, {
      criteria: ["fluency"],
    });
    const report = trace.records.at(-1)!.data as LengthBudgetReport;
    assert.equal(report.actions.fluency, "cut");
    assert.equal(report.calls, 3);
    assert.ok(await countTokens(trace.candidate.instructions.fluency, "qwen3") <= 15);
    assert.ok(long.startsWith(trace.candidate.instructions.fluency));
  } finally {
    llm.close();
  }
});
