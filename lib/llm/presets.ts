/**
 * Provider presets: how the kit speaks to each kind of OpenAI-compatible endpoint.
 *
 * Real endpoints differ in small ways that fail a run (OpenAI's reasoning models answer 400 to
 * `max_tokens` and to a non-default temperature) or quietly change it (a thinking model's reasoning
 * leaking into the text a parser reads). A preset is plain data, a {@linkcode WireFormat}: the
 * token-limit field, whether temperature and seed are sent, the reasoning-effort field, how thinking
 * is turned off, and which structured-output forms the endpoint supports. A role picks a preset with
 * `provider` and may override any field with `wire`.
 *
 * @module
 */

/** The provider presets a role can name. `generic` is the default and sends what the kit always sent. */
export const PROVIDERS = [
  "generic",
  "openai",
  "openai-reasoning",
  "openrouter",
  "vllm",
  "ollama",
  "llama-server",
] as const;

/** A provider preset name. */
export type Provider = typeof PROVIDERS[number];

/** How structured output is asked for (see `RoleEndpoint.structuredOutput`). */
export type StructuredOutputForm = "json_schema" | "json_object" | "prompt";

/**
 * How a role's `thinking: false` is carried out:
 * - `body`: fields merged into the request (vLLM / llama-server `chat_template_kwargs`);
 * - `suffix`: text appended to the last user message (Qwen3's `\n/no_think`, as the paper did);
 * - `effort`: the reasoning-effort field set to this value (OpenAI, OpenRouter);
 * - `unsupported`: the preset knows no way; asking for it is a config error.
 */
export type ThinkingOff =
  | { kind: "body"; body: Record<string, unknown> }
  | { kind: "suffix"; text: string }
  | { kind: "effort"; effort: string }
  | { kind: "unsupported" };

/** How requests are written for one endpoint. */
export interface WireFormat {
  /** Name of the completion-token limit field. */
  tokenLimitField: "max_tokens" | "max_completion_tokens";
  /** Whether `temperature` is sent (reasoning models accept only their default). */
  sendTemperature: boolean;
  /** Whether `seed` is sent (when the role has one). */
  sendSeed: boolean;
  /**
   * Where a reasoning effort goes: `reasoning_effort`, `reasoning.effort` (OpenRouter's nested
   * form), or `null` when the endpoint takes none.
   */
  reasoningEffortField: "reasoning_effort" | "reasoning.effort" | null;
  /** How `thinking: false` is carried out. */
  thinkingOff: ThinkingOff;
  /** Structured-output forms the endpoint supports; the first is the preset's default. */
  structuredOutputs: StructuredOutputForm[];
  /**
   * Sends `strict: true` with a `json_schema` whose objects all close (`additionalProperties:
   * false`) and require every property: OpenAI then guarantees the schema.
   */
  strictSchema: boolean;
}

const ALL_FORMS: StructuredOutputForm[] = ["json_schema", "json_object", "prompt"];
const TEMPLATE_OFF: ThinkingOff = {
  kind: "body",
  body: { chat_template_kwargs: { enable_thinking: false } },
};

/**
 * The presets. `generic` writes exactly what the kit wrote before presets existed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROVIDER_PRESETS } from "./presets.ts";
 * assert(PROVIDER_PRESETS["openai-reasoning"].tokenLimitField === "max_completion_tokens");
 * assert(!PROVIDER_PRESETS["openai-reasoning"].sendTemperature);
 * assert(PROVIDER_PRESETS.generic.tokenLimitField === "max_tokens");
 * ```
 */
export const PROVIDER_PRESETS: Readonly<Record<Provider, Readonly<WireFormat>>> = {
  generic: {
    tokenLimitField: "max_tokens",
    sendTemperature: true,
    sendSeed: true,
    reasoningEffortField: "reasoning_effort",
    thinkingOff: { kind: "unsupported" },
    structuredOutputs: ALL_FORMS,
    strictSchema: false,
  },
  // OpenAI chat models (gpt-4o, gpt-4.1): max_completion_tokens works for every chat model.
  openai: {
    tokenLimitField: "max_completion_tokens",
    sendTemperature: true,
    sendSeed: true,
    reasoningEffortField: null,
    thinkingOff: { kind: "unsupported" },
    structuredOutputs: ALL_FORMS,
    strictSchema: true,
  },
  // o-series and gpt-5: no temperature, reasoning_effort; "low" is the lowest every one accepts.
  "openai-reasoning": {
    tokenLimitField: "max_completion_tokens",
    sendTemperature: false,
    sendSeed: true,
    reasoningEffortField: "reasoning_effort",
    thinkingOff: { kind: "effort", effort: "low" },
    structuredOutputs: ALL_FORMS,
    strictSchema: true,
  },
  openrouter: {
    tokenLimitField: "max_tokens",
    sendTemperature: true,
    sendSeed: true,
    reasoningEffortField: "reasoning.effort",
    thinkingOff: { kind: "effort", effort: "none" },
    structuredOutputs: ALL_FORMS,
    strictSchema: true,
  },
  vllm: {
    tokenLimitField: "max_tokens",
    sendTemperature: true,
    sendSeed: true,
    reasoningEffortField: "reasoning_effort",
    thinkingOff: TEMPLATE_OFF,
    structuredOutputs: ALL_FORMS,
    strictSchema: false,
  },
  ollama: {
    tokenLimitField: "max_tokens",
    sendTemperature: true,
    sendSeed: true,
    reasoningEffortField: "reasoning_effort",
    thinkingOff: { kind: "suffix", text: "\n/no_think" },
    structuredOutputs: ALL_FORMS,
    strictSchema: false,
  },
  "llama-server": {
    tokenLimitField: "max_tokens",
    sendTemperature: true,
    sendSeed: true,
    reasoningEffortField: null,
    thinkingOff: TEMPLATE_OFF,
    structuredOutputs: ALL_FORMS,
    strictSchema: false,
  },
};

/**
 * The wire format of `provider` with `overrides` applied field by field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { wireFormat } from "./presets.ts";
 * const wire = wireFormat("vllm", { sendSeed: false });
 * assert(!wire.sendSeed && wire.thinkingOff.kind === "body");
 * ```
 */
export function wireFormat(provider: Provider, overrides: Partial<WireFormat> = {}): WireFormat {
  const preset = PROVIDER_PRESETS[provider];
  const defined = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return {
    ...preset,
    structuredOutputs: [...preset.structuredOutputs],
    ...Object.fromEntries(defined),
  };
}

/**
 * Whether `schema` is one OpenAI can enforce strictly: every object lists all its properties in
 * `required` and sets `additionalProperties: false`, at every depth.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isStrictSchema } from "./presets.ts";
 * const closed = { type: "object", properties: { a: { type: "integer" } }, required: ["a"], additionalProperties: false };
 * assert(isStrictSchema(closed));
 * assert(!isStrictSchema({ ...closed, additionalProperties: true }));
 * ```
 */
export function isStrictSchema(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictSchema);
  if (typeof schema !== "object" || schema === null) return true;
  const node = schema as Record<string, unknown>;
  if (node.type === "object" || "properties" in node) {
    const properties = (node.properties ?? {}) as Record<string, unknown>;
    const required = Array.isArray(node.required) ? node.required : [];
    if (node.additionalProperties !== false) return false;
    if (!Object.keys(properties).every((name) => required.includes(name))) return false;
  }
  return Object.entries(node).every(([field, value]) =>
    field === "enum" || field === "const" || isStrictSchema(value)
  );
}
