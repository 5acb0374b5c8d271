import assert from "node:assert/strict";
import { estimateMessageTokens, estimateTextTokens } from "../../lib/llm/token_estimate.ts";

Deno.test("English prose estimates land near chars/4", () => {
  const text =
    "Coherence measures the collective quality of all sentences. The summary should be " +
    "well-structured and well-organized, building from sentence to sentence into a coherent " +
    "body of information about a topic.";
  const estimate = estimateTextTokens(text);
  const quarter = text.length / 4;
  assert.ok(estimate > quarter * 0.7 && estimate < quarter * 1.4, `${estimate} vs ${quarter}`);
});

Deno.test("punctuation, digits and CJK each add tokens", () => {
  assert.equal(estimateTextTokens(""), 0);
  assert.equal(estimateTextTokens("   \n\t "), 0);
  assert.equal(estimateTextTokens("ok"), 1);
  assert.equal(estimateTextTokens("ok!!"), 3);
  assert.equal(estimateTextTokens("123456789"), 3);
  assert.equal(estimateTextTokens("要約は流暢です"), 7);
  assert.ok(estimateTextTokens('{"coherence": 4, "fluency": 3}') >= 11);
});

Deno.test("message estimates add per-message overhead", () => {
  const one = [{ role: "user" as const, content: "Rate it." }];
  const two = [{ role: "system" as const, content: "Rate it." }, ...one];
  assert.equal(estimateMessageTokens([]), 3);
  assert.equal(estimateMessageTokens(one), 3 + 3 + estimateTextTokens("Rate it."));
  assert.equal(estimateMessageTokens(two) - estimateMessageTokens(one), 3 + 3);
});

Deno.test("a long text estimates the same the second time (the memo changes no count)", () => {
  const text = "A long prompt with words, digits 12345 and punctuation! ".repeat(20);
  const first = estimateTextTokens(text);
  assert.equal(estimateTextTokens(text.slice(0)), first);
  assert.equal(estimateTextTokens(`${text}x`), first + 1);
});
