/**
 * One-line hints for 400 errors that mean "wrong provider preset": the endpoint rejected a parameter
 * that another preset would not send. Rules are data. Internal.
 *
 * @module
 */

/** What a 400 error body said (OpenAI's error shape). */
export interface RejectedParameter {
  /** `error.code`, e.g. `unsupported_parameter`. */
  code?: string | null;
  /** `error.param`, e.g. `max_tokens`. */
  param?: string | null;
  /** `error.message`. */
  message: string;
}

interface HintRule {
  matches: (error: RejectedParameter) => boolean;
  hint: (provider: string) => string;
}

const mentions = (error: RejectedParameter, name: string) =>
  error.param === name || error.message.includes(`'${name}'`) ||
  error.message.includes(`"${name}"`);

const RULES: HintRule[] = [
  {
    matches: (e) => mentions(e, "max_tokens"),
    hint: (p) =>
      `the endpoint rejects parameter "max_tokens" (sent by provider "${p}"); use provider ` +
      `"openai-reasoning" for OpenAI's o-series and gpt-5 models (it sends max_completion_tokens)`,
  },
  {
    matches: (e) => mentions(e, "temperature"),
    hint: (p) =>
      `the endpoint rejects parameter "temperature" (sent by provider "${p}"); use provider ` +
      `"openai-reasoning" for reasoning models, which accept only their default temperature`,
  },
  {
    matches: (e) => mentions(e, "reasoning_effort") || mentions(e, "reasoning"),
    hint: (p) =>
      `the endpoint rejects the reasoning effort (sent by provider "${p}"); remove ` +
      `reasoningEffort / thinking: false, or use the provider preset of this endpoint`,
  },
  {
    matches: (e) => mentions(e, "strict") || /\bstrict\b/i.test(e.message),
    hint: (p) =>
      `the endpoint requires a strict JSON schema (provider "${p}" does not send strict: true); ` +
      `use provider "openai" or "openrouter", or set wire.strictSchema: true`,
  },
  {
    matches: (e) => mentions(e, "seed"),
    hint: (p) =>
      `the endpoint rejects parameter "seed" (sent by provider "${p}"); remove seed or set ` +
      `wire.sendSeed: false`,
  },
];

/**
 * The hint for a rejected request, or `undefined` when no rule applies.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { providerHint } from "./_provider_hints.ts";
 * const hint = providerHint({ code: "unsupported_parameter", param: "max_tokens", message: "" }, "generic");
 * assert(hint?.includes('use provider "openai-reasoning"'));
 * ```
 */
export function providerHint(error: RejectedParameter, provider: string): string | undefined {
  return RULES.find((rule) => rule.matches(error))?.hint(provider);
}
