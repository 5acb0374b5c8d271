/**
 * Cache keys of LLM calls: a SHA-256 of the canonical JSON of everything that determines an
 * answer (role, endpoint identity, model, messages, sampling parameters, output format and the
 * draw index), and nothing secret (no API key, no key variable name).
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { RoleEndpoint } from "./config.ts";
import type { ChatMessage, ChatRequest, JsonSchemaFormat } from "./types.ts";
import { PROVIDER_PRESETS, type WireFormat } from "./presets.ts";

/** Everything that determines the answer to one call: the input of {@linkcode callKey}. */
export interface CallKeyMaterial {
  /** Role that answers. */
  role: string;
  /** Endpoint identity (base URL and model, never the key). */
  endpointId: string;
  /** Model name sent to the endpoint. */
  model: string;
  /** The conversation. */
  messages: ChatMessage[];
  /** Sampling temperature. */
  temperature: number;
  /** Completion token limit. */
  maxTokens: number;
  /** Sampling seed, if the endpoint is given one. */
  seed?: number;
  /** Extra request body fields of the endpoint. */
  extraBody?: Record<string, unknown>;
  /** Requested JSON schema, if any. */
  jsonSchema?: JsonSchemaFormat;
  /** How structured output is requested from this endpoint. */
  structuredOutput: string;
  /** Sample index for repeated draws. */
  draw?: string | number;
  /**
   * The wire format, when it differs from the `generic` preset's (so configs without a provider
   * keep their keys).
   */
  wire?: WireFormat;
  /** Reasoning effort, when set. */
  reasoningEffort?: string;
  /** The thinking switch, when set. */
  thinking?: boolean;
}

/**
 * Collects the key material of `request` sent to `endpoint`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { callKeyMaterial } from "./call_key.ts";
 * import type { RoleEndpoint } from "./config.ts";
 * const endpoint = {
 *   role: "judge", endpointId: "http://localhost:8000/v1#m", model: "m", temperature: 0,
 *   maxTokens: 64, structuredOutput: "json_object",
 * } as RoleEndpoint;
 * const material = callKeyMaterial({ role: "judge", messages: [] }, endpoint);
 * assert(material.model === "m" && !("apiKeyEnv" in material));
 * ```
 */
export function callKeyMaterial(request: ChatRequest, endpoint: RoleEndpoint): CallKeyMaterial {
  return {
    role: request.role,
    endpointId: endpoint.endpointId,
    model: endpoint.model,
    messages: request.messages.map(({ role, content }) => ({ role, content })),
    temperature: endpoint.temperature,
    maxTokens: endpoint.maxTokens,
    seed: endpoint.seed,
    extraBody: endpoint.extraBody,
    jsonSchema: request.jsonSchema,
    structuredOutput: endpoint.structuredOutput,
    draw: request.draw,
    wire: endpoint.wire && canonicalJson(endpoint.wire) !== GENERIC_WIRE
      ? endpoint.wire
      : undefined,
    reasoningEffort: endpoint.reasoningEffort,
    thinking: endpoint.thinking,
  };
}

const GENERIC_WIRE = canonicalJson(PROVIDER_PRESETS.generic);

/**
 * The cache key of a call: lowercase hex SHA-256 of {@linkcode canonicalJson} of its material.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { callKey } from "./call_key.ts";
 * const material = {
 *   role: "judge", endpointId: "e", model: "m", messages: [{ role: "user" as const, content: "hi" }],
 *   temperature: 0, maxTokens: 64, structuredOutput: "prompt",
 * };
 * assert(callKey(material) === callKey({ ...material }));
 * assert(callKey(material) !== callKey({ ...material, draw: 1 }));
 * ```
 */
export function callKey(material: CallKeyMaterial): string {
  return createHash("sha256").update(canonicalJson(material)).digest("hex");
}

/**
 * JSON with object keys sorted at every level and `undefined` members dropped, so equal values
 * always give equal text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { canonicalJson } from "./call_key.ts";
 * assert(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] }) === '{"a":[{"d":2}],"b":1}');
 * ```
 */
export function canonicalJson(value: unknown): string {
  // Written directly (no sorted copy of the value): the same text as
  // JSON.stringify of the value with every object's keys sorted.
  return canonical(value) ?? (undefined as unknown as string);
}

/** Canonical JSON of `value`, `undefined` where JSON.stringify would drop it. */
function canonical(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) {
    let text = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ",";
      text += canonical(value[i]) ?? "null";
    }
    return text + "]";
  }
  const record = value as Record<string, unknown>;
  let text = "{", first = true;
  for (const name of Object.keys(record).sort()) {
    const member = canonical(record[name]);
    if (member === undefined) continue;
    text += (first ? "" : ",") + JSON.stringify(name) + ":" + member;
    first = false;
  }
  return text + "}";
}
