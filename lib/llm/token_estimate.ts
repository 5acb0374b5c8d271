/**
 * Token-count estimates for endpoints that report no usage. These are heuristics, not a
 * tokenizer: about one token per short word, per four characters of a long word, per three digits
 * and per punctuation mark, which lands near BPE tokenizers (cl100k/o200k) on English prose. Usage
 * built from them is marked `estimated: true`.
 *
 * @module
 */
import type { ChatMessage } from "./types.ts";

/** Tokens a chat format adds per message (role markers) and to prime the reply. */
const PER_MESSAGE_OVERHEAD = 3;
const REPLY_PRIMING = 3;

const PIECES = /[\p{L}\p{M}]+|\p{N}+|[^\s\p{L}\p{M}\p{N}]/gu;
const WIDE_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * Estimated number of tokens of `text` (an estimate, not a tokenizer count).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { estimateTextTokens } from "./token_estimate.ts";
 * const n = estimateTextTokens("The summary is fluent, but it misses two key facts.");
 * assert(n >= 10 && n <= 16);
 * ```
 */
export function estimateTextTokens(text: string): number {
  // Prompts repeat paragraph by paragraph (the same instructions and articles in every call):
  // long paragraphs are counted once and remembered, in a bounded memo. No piece spans a blank
  // line (pieces hold no whitespace), so the count of a text is the sum of its paragraphs'.
  if (text.length < MEMO_FROM) return countTokens(text);
  let tokens = 0;
  for (const paragraph of text.split("\n\n")) {
    if (paragraph.length < MEMO_FROM) {
      tokens += countTokens(paragraph);
      continue;
    }
    let known = memo.get(paragraph);
    if (known === undefined) {
      known = countTokens(paragraph);
      if (memo.size >= MEMO_SIZE) memo.clear();
      memo.set(paragraph, known);
    }
    tokens += known;
  }
  return tokens;
}

const MEMO_FROM = 64;
const MEMO_SIZE = 8192;
const memo = new Map<string, number>();

function countTokens(text: string): number {
  let tokens = 0;
  for (const [piece] of text.matchAll(PIECES)) tokens += pieceTokens(piece);
  return tokens;
}

/**
 * Estimated prompt tokens of a conversation: its texts plus the chat format's per-message
 * overhead (an estimate, not a tokenizer count).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { estimateMessageTokens, estimateTextTokens } from "./token_estimate.ts";
 * const messages = [{ role: "user" as const, content: "Rate coherence from 1 to 5." }];
 * assert(estimateMessageTokens(messages) > estimateTextTokens(messages[0].content));
 * ```
 */
export function estimateMessageTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce(
    (sum, message) => sum + PER_MESSAGE_OVERHEAD + estimateTextTokens(message.content),
    REPLY_PRIMING,
  );
}

function pieceTokens(piece: string): number {
  if (/^\p{N}/u.test(piece)) return Math.ceil(piece.length / 3);
  if (/^[\p{L}\p{M}]/u.test(piece)) {
    if (WIDE_SCRIPT.test(piece)) return [...piece].length;
    return piece.length <= 6 ? 1 : Math.ceil(piece.length / 4);
  }
  return 1; // One punctuation mark or symbol.
}
