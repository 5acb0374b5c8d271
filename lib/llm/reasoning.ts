/**
 * Reasoning in answers: thinking models (Qwen3, DeepSeek-R1, gpt-oss) served by vLLM, llama-server,
 * Ollama or OpenRouter may write their reasoning into `content` as a `<think>…</think>` block, or
 * into a separate `reasoning_content` / `reasoning` field. The kit keeps it apart from the answer:
 * the stages parse only the answer, and the reasoning goes to the call log.
 *
 * @module
 */

/** An answer split into what the stages read and the model's reasoning. */
export interface SplitAnswer {
  /** The answer without reasoning. */
  text: string;
  /** The reasoning, when there was any (blocks joined by a blank line). */
  reasoning?: string;
}

/**
 * Splits `<think>` blocks off `content`. Handles several blocks, an unclosed block (an answer cut
 * while thinking: all of it is reasoning) and a lone `</think>` (chat templates that open the block
 * in the prompt: everything before it is reasoning).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitThinking } from "./reasoning.ts";
 * const split = splitThinking('<think>maybe {"x": 9}</think>\n{"x": 4}');
 * assert(split.text === '{"x": 4}' && split.reasoning === 'maybe {"x": 9}');
 * assert(splitThinking("plain").reasoning === undefined);
 * ```
 */
export function splitThinking(content: string): SplitAnswer {
  const parts: string[] = [];
  let rest = content;
  const close = rest.indexOf("</think>");
  const open = rest.indexOf("<think>");
  if (close >= 0 && (open < 0 || close < open)) {
    parts.push(rest.slice(0, close));
    rest = rest.slice(close + "</think>".length);
  }
  for (let start = rest.indexOf("<think>"); start >= 0; start = rest.indexOf("<think>")) {
    const end = rest.indexOf("</think>", start);
    const stop = end < 0 ? rest.length : end;
    parts.push(rest.slice(start + "<think>".length, stop));
    rest = rest.slice(0, start) + rest.slice(end < 0 ? rest.length : end + "</think>".length);
  }
  if (parts.length === 0) return { text: content };
  const reasoning = parts.map((part) => part.trim()).filter((part) => part.length > 0).join("\n\n");
  return reasoning.length > 0 ? { text: rest.trim(), reasoning } : { text: rest.trim() };
}

/**
 * The reasoning of a chat-completion `message`: its `reasoning_content` (vLLM, llama-server,
 * DeepSeek) or `reasoning` (OpenRouter, Ollama, newer vLLM) text field, plus any `<think>` blocks
 * of its content; and the content without them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readReasoning } from "./reasoning.ts";
 * const split = readReasoning({ content: "4", reasoning_content: "2+2 is 4" });
 * assert(split.text === "4" && split.reasoning === "2+2 is 4");
 * ```
 */
export function readReasoning(message: { content: string; [field: string]: unknown }): SplitAnswer {
  const fromContent = splitThinking(message.content);
  const fields = [message.reasoning_content, message.reasoning]
    .filter((value): value is string => typeof value === "string" && value.trim().length > 0);
  const all = [...fields, ...(fromContent.reasoning ? [fromContent.reasoning] : [])];
  return all.length > 0
    ? { text: fromContent.text, reasoning: all.join("\n\n") }
    : { text: fromContent.text };
}
