import assert from "node:assert/strict";
import { SUMMEVAL_SPEC } from "../../lib/data/summeval.ts";
import {
  judgeMessages,
  renderJudgePrompt,
  renderJudgeSystem,
  seedPrompt,
} from "../../lib/judge/mod.ts";
import { example } from "./_fake_llm.ts";

const spec = SUMMEVAL_SPEC;
const ex = example("e1", {});

Deno.test("seedPrompt gives every criterion the scale-only seed and shows the format block", () => {
  const prompt = seedPrompt(spec);
  assert.deepEqual(Object.keys(prompt.instructions), [
    "fluency",
    "relevance",
    "coherence",
    "consistency",
  ]);
  for (const text of Object.values(prompt.instructions)) assert.equal(text, "Rate from 1 to 5.");
  assert.equal(prompt.showOutputFormat, true);
  assert.deepEqual(Object.keys(seedPrompt(spec, ["coherence"]).instructions), ["coherence"]);
  assert.throws(() => seedPrompt(spec, ["grammar"]), RangeError);
});

Deno.test("the judge prompt has its sections in the paper's order", () => {
  const text = renderJudgePrompt(spec, seedPrompt(spec), ex);
  const order = [
    "## Task",
    "requested scores",
    "## Output format (follow this exactly):",
    '"fluency": 1|2|3|4|5,',
    '"consistency": 1|2|3|4|5\n}',
    "## Instructions:\n- fluency: Rate from 1 to 5.\n- relevance: Rate from 1 to 5.\n" +
    "- coherence: Rate from 1 to 5.\n- consistency: Rate from 1 to 5.",
    "## Sample:\nSummary: Summary e1.\nSource Text: Source text e1.",
    "## Response:",
  ];
  let at = -1;
  for (const part of order) {
    const found = text.indexOf(part, at + 1);
    assert.ok(found > at, `"${part}" missing or out of order`);
    at = found;
  }
  assert.ok(text.endsWith("## Response:"));
  for (const c of spec.criteria) assert.ok(!text.includes(c.description), "descriptions hidden");
});

Deno.test("instructions are inserted raw, newlines included, in spec order", () => {
  const prompt = seedPrompt(spec);
  prompt.instructions.coherence = "Line one.\nLine two.";
  const system = renderJudgeSystem(spec, { ...prompt, instructions: { ...prompt.instructions } });
  assert.ok(system.includes("- coherence: Line one.\nLine two.\n- consistency:"));
});

Deno.test("the output-format block disappears when showOutputFormat is false", () => {
  const system = renderJudgeSystem(spec, { ...seedPrompt(spec), showOutputFormat: false });
  assert.ok(!system.includes("## Output format"));
  assert.ok(system.includes("requested scores"));
});

Deno.test("a criteria filter keeps only that criterion's format and instruction lines", () => {
  const system = renderJudgeSystem(spec, seedPrompt(spec), { criteria: ["relevance"] });
  assert.ok(system.includes('"relevance": 1|2|3|4|5'));
  assert.ok(system.includes("- relevance:"));
  for (const other of ["fluency", "coherence", "consistency"]) assert.ok(!system.includes(other));
});

Deno.test("messages split the frozen prompt (system) from the sample (user)", () => {
  const [system, user] = judgeMessages(spec, seedPrompt(spec), ex);
  assert.equal(system.role, "system");
  assert.ok(system.content.includes("## Instructions:") && !system.content.includes("## Sample:"));
  assert.equal(user.role, "user");
  assert.ok(user.content.startsWith("## Sample:") && user.content.endsWith("## Response:"));
});

Deno.test("rendering fails loudly on a missing input field or instruction", () => {
  assert.throws(() => renderJudgePrompt(spec, seedPrompt(spec), { ...ex, inputs: {} }), RangeError);
  assert.throws(
    () => renderJudgeSystem(spec, seedPrompt(spec, ["fluency"]), { criteria: ["coherence"] }),
    RangeError,
  );
});
