import assert from "node:assert/strict";
import { adherencePrompt, parseRating, specificityPrompt } from "../../lib/loop/rater_prompts.ts";

Deno.test("the rating is the first one- or two-digit integer; outside 1–10 or absent is null", () => {
  const cases: [string, number | null][] = [
    ["7", 7],
    [" 10\n", 10],
    ["I would rate this 6 out of 10.", 6],
    ["Score: 3/10", 3],
    ["11", null],
    ["0", null],
    ["-", null],
    ["", null],
    ["<think>", null],
    ["100 points", null],
  ];
  for (const [answer, expected] of cases) assert.equal(parseRating(answer), expected, answer);
});

Deno.test("the specificity prompt names the target among all criteria and ends asking for an integer", () => {
  const prompt = specificityPrompt({
    target: "relevance",
    criteria: ["coherence", "relevance"],
    gradient: "G1\n\nG2",
  });
  assert.match(prompt, /Target criterion: "relevance"/);
  assert.match(prompt, /All criteria the judge scores: "coherence", "relevance"/);
  assert.ok(prompt.includes("## The Gradient\nG1\n\nG2\n"));
  assert.match(prompt, /single integer from 1 to 10 and nothing else\.$/);
});

Deno.test("the adherence prompt holds old, new and gradient sections in order for its criterion", () => {
  const prompt = adherencePrompt({
    criterion: "coherence",
    oldInstruction: "OLD",
    newInstruction: "NEW",
    gradient: "GRAD",
  });
  const at = (s: string) => prompt.indexOf(s);
  assert.ok(at("## Old Instructions\nOLD") < at("## New Instructions\nNEW"));
  assert.ok(at("## New Instructions\nNEW") < at("## Gradient (Suggested Changes)\nGRAD"));
  assert.match(prompt, /only the suggestions relevant to "coherence" count/);
});
