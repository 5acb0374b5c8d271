import assert from "node:assert/strict";
import { readReasoning, splitThinking } from "../../lib/llm/reasoning.ts";
import { extractJsonObject } from "../../lib/llm/json_extract.ts";

Deno.test("splitThinking: blocks, several blocks, unclosed and opened-in-template", () => {
  assert.deepEqual(splitThinking('<think>\n{"a": 1}\n</think>\n\n{"a": 2}'), {
    text: '{"a": 2}',
    reasoning: '{"a": 1}',
  });
  assert.deepEqual(splitThinking("<think>one</think>A<think>two</think>B"), {
    text: "AB",
    reasoning: "one\n\ntwo",
  });
  assert.deepEqual(splitThinking("<think>cut while thinking {"), {
    text: "",
    reasoning: "cut while thinking {",
  });
  assert.deepEqual(splitThinking("template opened it {x}</think>\n4"), {
    text: "4",
    reasoning: "template opened it {x}",
  });
  assert.deepEqual(splitThinking("<think>\n\n</think>\n\nanswer"), { text: "answer" });
  assert.deepEqual(splitThinking("no reasoning {1}"), { text: "no reasoning {1}" });
});

Deno.test("readReasoning: reasoning fields and content blocks together; the JSON comes from the answer", () => {
  const split = readReasoning({
    content: '<think>maybe {"fluency": 1}</think>{"fluency": 4}',
    reasoning: "field text",
  });
  assert.equal(split.reasoning, 'field text\n\nmaybe {"fluency": 1}');
  const extracted = extractJsonObject(split.text);
  assert.deepEqual(extracted.ok && extracted.value.value, { fluency: 4 });
  const unsplit = extractJsonObject('<think>maybe {"fluency": 1}</think>{"fluency": 4}');
  assert.ok(
    !(unsplit.ok && unsplit.value.value.fluency === 4),
    "without the split, the braces of the reasoning get in the way",
  );
  assert.deepEqual(readReasoning({ content: "4", reasoning_content: "  " }), { text: "4" });
});
