/**
 * Validation of a role's provider preset settings: the `wire` override schema and the settings a
 * wire format cannot carry out. Internal to `config.ts`.
 *
 * @module
 */
import { z } from "zod";
import type { Provider, StructuredOutputForm, WireFormat } from "./presets.ts";

/** The fields of a resolved `RoleEndpoint` (config.ts) that the wire checks read. */
interface WireEndpoint {
  role: string;
  provider: Provider;
  wire: WireFormat;
  structuredOutput: StructuredOutputForm;
  reasoningEffort?: string;
  thinking?: boolean;
}

/** The part of an `LlmConfigFile` (config.ts) that says where a setting was given. */
interface WireFile {
  roles?: Record<string, object | undefined>;
}

/** Schema of `wire` (every field optional). */
export const WireOverridesSchema: z.ZodType<Partial<WireFormat>> = z.strictObject({
  tokenLimitField: z.enum(["max_tokens", "max_completion_tokens"]).optional(),
  sendTemperature: z.boolean().optional(),
  sendSeed: z.boolean().optional(),
  reasoningEffortField: z.enum(["reasoning_effort", "reasoning.effort"]).nullable().optional(),
  thinkingOff: z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("body"), body: z.record(z.string(), z.unknown()) }),
    z.strictObject({ kind: z.literal("suffix"), text: z.string().min(1) }),
    z.strictObject({ kind: z.literal("effort"), effort: z.string().min(1) }),
    z.strictObject({ kind: z.literal("unsupported") }),
  ]).optional(),
  structuredOutputs: z.array(z.enum(["json_schema", "json_object", "prompt"])).min(1).optional(),
  strictSchema: z.boolean().optional(),
});

/** Settings a role's wire format cannot carry out: one issue each, naming the field and the fix. */
export function wireConflicts(endpoint: WireEndpoint, file: WireFile): string[] {
  const at = (field: string) =>
    (file.roles?.[endpoint.role] as Record<string, unknown> | undefined)?.[field] !== undefined
      ? `roles.${endpoint.role}.${field}`
      : `defaults.${field} (role ${endpoint.role})`;
  const { wire, provider } = endpoint;
  const issues: string[] = [];
  if (endpoint.thinking === false && wire.thinkingOff.kind === "unsupported") {
    issues.push(
      `${at("thinking")}: provider "${provider}" has no way to turn thinking off; use provider ` +
        `"vllm", "llama-server", "ollama", "openrouter" or "openai-reasoning", or set wire.thinkingOff`,
    );
  }
  if (endpoint.reasoningEffort !== undefined && wire.reasoningEffortField === null) {
    issues.push(
      `${at("reasoningEffort")}: provider "${provider}" takes no reasoning effort; use provider ` +
        `"openai-reasoning" for OpenAI's reasoning models, or set wire.reasoningEffortField`,
    );
  }
  if (
    endpoint.reasoningEffort !== undefined && endpoint.thinking === false &&
    wire.thinkingOff.kind === "effort"
  ) {
    issues.push(
      `${
        at("thinking")
      }: provider "${provider}" turns thinking off through the reasoning effort; ` +
        "set either thinking: false or reasoningEffort, not both",
    );
  }
  if (!wire.structuredOutputs.includes(endpoint.structuredOutput)) {
    issues.push(
      `${at("structuredOutput")}: provider "${provider}" supports ` +
        `${wire.structuredOutputs.join(", ")}, not ${endpoint.structuredOutput}`,
    );
  }
  return issues;
}
