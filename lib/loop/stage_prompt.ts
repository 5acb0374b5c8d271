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

/** Options of {@linkcode toMessages}. */
export interface MessageOptions {
  /** One user message holding both parts (the paper's layout) instead of system + user. */
  singleMessage?: boolean;
}

/**
 * The prompt as chat messages: a system and a user message, or with `singleMessage` one user
 * message holding the system part, a blank line and the user part.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toMessages } from "./stage_prompt.ts";
 * assert.ok(toMessages({ system: "s", user: "u" }).length === 2);
 * assert.deepEqual(toMessages({ system: "s", user: "u" }, { singleMessage: true }),
 *   [{ role: "user", content: "s\n\nu" }]);
 * ```
 */
export function toMessages(prompt: StagePrompt, options: MessageOptions = {}): ChatMessage[] {
  if (options.singleMessage) {
    return [{ role: "user", content: `${prompt.system}\n\n${prompt.user}` }];
  }
  return [
    { role: "system", content: prompt.system },
    { role: "user", content: prompt.user },
  ];
}

/**
 * The prompt as one readable text (stored in `StageRecord.prompt`), in the layout it is sent in:
 * `[system]`/`[user]` parts, or with `singleMessage` the one user message's text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { promptText } from "./stage_prompt.ts";
 * assert.ok(promptText({ system: "s", user: "u" }) === "[system]\ns\n\n[user]\nu");
 * assert.ok(promptText({ system: "s", user: "u" }, { singleMessage: true }) === "s\n\nu");
 * ```
 */
export function promptText(prompt: StagePrompt, options: MessageOptions = {}): string {
  if (options.singleMessage) return toMessages(prompt, options)[0].content;
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
