/**
 * A stage prompt as data: a system part and a user part, plus small text helpers.
 *
 * @module
 */
import type { ChatMessage } from "../llm/types.ts";

/** A prompt of the loss, gradient or optimizer stage. */
export interface StagePrompt {
  /** The framing (backward or optimizer preamble). */
  system: string;
  /** The request itself. */
  user: string;
}

/**
 * The prompt as chat messages.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toMessages } from "./stage_prompt.ts";
 * assert.ok(toMessages({ system: "s", user: "u" }).length === 2);
 * ```
 */
export function toMessages(prompt: StagePrompt): ChatMessage[] {
  return [
    { role: "system", content: prompt.system },
    { role: "user", content: prompt.user },
  ];
}

/**
 * The prompt as one readable text (stored in {@linkcode StageRecord.prompt}).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { promptText } from "./stage_prompt.ts";
 * assert.ok(promptText({ system: "s", user: "u" }) === "[system]\ns\n\n[user]\nu");
 * ```
 */
export function promptText(prompt: StagePrompt): string {
  return `[system]\n${prompt.system}\n\n[user]\n${prompt.user}`;
}

/**
 * Wraps `body` in `<NAME>` tags on their own lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tagged } from "./stage_prompt.ts";
 * assert.ok(tagged("VARIABLE", "x") === "<VARIABLE>\nx\n</VARIABLE>");
 * ```
 */
export function tagged(name: string, body: string): string {
  return `<${name}>\n${body}\n</${name}>`;
}
