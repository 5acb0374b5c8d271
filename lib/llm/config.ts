/**
 * LLM configuration: which endpoint, model and sampling parameters answer each role.
 *
 * A config file is JSON: `{ "defaults": {…}, "roles": { "judge": {…}, … }, "budgetUsd"?,
 * "cache"?, "reask"? }`. Each role resolves as built-in base ⊕ built-in role defaults (the paper's
 * temperatures, max tokens and timeouts) ⊕ the file's `defaults` ⊕ the file's `roles[role]`.
 * API keys are never part of the config: a role names the environment variable that holds its
 * key (`apiKeyEnv`), and the backend reads it only when it sends a request.
 *
 * @module
 */
import { z } from "zod";
import type { ParseOutcome } from "../schema.ts";
import { formatIssue } from "../schema.ts";
import { BUILTIN_ROLES } from "./types.ts";
import { ConfigError } from "./errors.ts";
import { withoutInlineKeys } from "./_config_keys.ts";
import { wireConflicts, WireOverridesSchema } from "./_config_wire.ts";
import { type Provider, PROVIDERS, type WireFormat, wireFormat } from "./presets.ts";

/** Dollar price of an endpoint, in USD per one million tokens. */
export interface Price {
  /** USD per 1M prompt tokens. */
  inputPerMillion: number;
  /** USD per 1M completion tokens. */
  outputPerMillion: number;
}

/** Limits the scheduler enforces per endpoint (shared by every role that uses it). */
export interface EndpointLimits {
  /** Maximum requests in flight at once. */
  concurrency: number;
  /** Maximum requests started per minute. */
  rpm?: number;
  /** Maximum (estimated) tokens per minute. */
  tpm?: number;
}

/** A fully resolved endpoint of one role. Holds the *name* of the key variable, never the key. */
export interface RoleEndpoint {
  /** The role this endpoint answers. */
  role: string;
  /** OpenAI-compatible base URL, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** Name of the environment variable holding the API key. */
  apiKeyEnv: string;
  /** Model name sent to the endpoint. */
  model: string;
  /** Sampling temperature. */
  temperature: number;
  /** Maximum completion tokens. */
  maxTokens: number;
  /** Per-attempt timeout in milliseconds. */
  timeoutMs: number;
  /** Sampling seed, passed through where the endpoint supports it. */
  seed?: number;
  /** Price table for cost accounting. */
  price?: Price;
  /** Scheduler limits of the endpoint. */
  limits: EndpointLimits;
  /** Retries of retryable failures (rate limits, 5xx, timeouts, resets). */
  maxRetries: number;
  /** How to ask for JSON: `response_format` json_schema / json_object, or instructions only. */
  structuredOutput: "json_schema" | "json_object" | "prompt";
  /** Extra fields merged into the request body (e.g. OpenRouter `provider`, vLLM options). */
  extraBody?: Record<string, unknown>;
  /**
   * Text appended to the last user message of every call of the role, e.g. `"\n/no_think"` for
   * Qwen3 with reasoning off (the paper appends it to every prompt). Part of the cache key.
   */
  promptSuffix?: string;
  /** Identity without the key (`${baseUrl}|${model}`), used for limits and cache keys. */
  endpointId: string;
  /** The provider preset (default `generic`: what the kit always sent). */
  provider: Provider;
  /** How requests are written: the preset with the role's `wire` overrides applied. */
  wire: WireFormat;
  /** Reasoning effort sent in the preset's reasoning-effort field (`low`, `medium`, `high`, …). */
  reasoningEffort?: string;
  /** `false` turns thinking off the preset's way (template kwarg, suffix or effort). */
  thinking?: boolean;
}

/** The resolved LLM configuration. */
export interface LlmConfig {
  /** Resolved endpoint of every built-in role and every role the file names. */
  roles: Record<string, RoleEndpoint>;
  /** Endpoint for roles not listed (later stages add roles). */
  defaults: RoleEndpoint;
  /** Dollar budget of the whole experiment, if capped. */
  budgetUsd?: number;
  /** Call cache mode and SQLite file. */
  cache: { mode: "live" | "record" | "replay" | "off"; path?: string };
  /** Default number of re-asks after an unparseable structured answer. */
  reask: number;
}

/** Endpoint settings as written in a config file; every field optional. */
export interface EndpointSettings {
  /** See {@linkcode RoleEndpoint.baseUrl}. */
  baseUrl?: string;
  /** See {@linkcode RoleEndpoint.apiKeyEnv}. */
  apiKeyEnv?: string;
  /** See {@linkcode RoleEndpoint.model}. */
  model?: string;
  /** See {@linkcode RoleEndpoint.temperature}. */
  temperature?: number;
  /** See {@linkcode RoleEndpoint.maxTokens}. */
  maxTokens?: number;
  /** See {@linkcode RoleEndpoint.timeoutMs}. */
  timeoutMs?: number;
  /** See {@linkcode RoleEndpoint.seed}. */
  seed?: number;
  /** See {@linkcode RoleEndpoint.price}. */
  price?: Price;
  /** Merged field by field over the inherited limits. */
  limits?: Partial<EndpointLimits>;
  /** See {@linkcode RoleEndpoint.maxRetries}. */
  maxRetries?: number;
  /** See {@linkcode RoleEndpoint.structuredOutput}. */
  structuredOutput?: RoleEndpoint["structuredOutput"];
  /** See {@linkcode RoleEndpoint.extraBody}. */
  extraBody?: Record<string, unknown>;
  /** See {@linkcode RoleEndpoint.provider}. */
  provider?: Provider;
  /** Overrides of the preset's wire format, field by field. */
  wire?: Partial<WireFormat>;
  /** See {@linkcode RoleEndpoint.reasoningEffort}. */
  reasoningEffort?: string;
  /** See {@linkcode RoleEndpoint.thinking}. */
  thinking?: boolean;
  /** See {@linkcode RoleEndpoint.promptSuffix}. */
  promptSuffix?: string;
}

/** The JSON config file. */
export interface LlmConfigFile {
  /** Settings shared by all roles. */
  defaults?: EndpointSettings;
  /** Per-role overrides. */
  roles?: Record<string, EndpointSettings>;
  /** Dollar budget. */
  budgetUsd?: number;
  /** Call cache. Default `{ mode: "live" }`. */
  cache?: { mode?: LlmConfig["cache"]["mode"]; path?: string };
  /** Default re-asks for structured output. Default 2. */
  reask?: number;
}

/** Options of {@linkcode loadLlmConfig}. */
export interface LoadLlmConfigOptions {
  /** Environment to read `OPENAI_BASE_URL` from. Default: the process environment. */
  env?: Record<string, string | undefined>;
  /**
   * Per-role settings layered over the paper's role values and under the file (e.g. OPRO's scorer
   * temperature 0 and optimizer temperature 1): the file's `defaults` and `roles` still win.
   */
  roleDefaults?: Record<string, EndpointSettings>;
}

/** Base URL used when neither the file nor `OPENAI_BASE_URL` names one. */
export const DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Built-in settings of every role (before role defaults and the file). */
const BASE_SETTINGS = {
  apiKeyEnv: "OPENAI_API_KEY",
  model: "gpt-4o-mini",
  temperature: 0.7,
  maxTokens: 1024,
  timeoutMs: 60_000,
  limits: { concurrency: 8 },
  maxRetries: 6,
  structuredOutput: "json_schema",
} satisfies EndpointSettings;

/** The paper's per-role settings (paper-method §5): judge = the "task model". */
const ROLE_SETTINGS: Record<string, EndpointSettings> = {
  judge: { temperature: 0.1, maxTokens: 256, timeoutMs: 60_000 },
  loss: { temperature: 0.7, maxTokens: 1024, timeoutMs: 60_000 },
  gradient: { temperature: 0.7, maxTokens: 8192, timeoutMs: 600_000 },
  optimizer: { temperature: 0.7, maxTokens: 16384, timeoutMs: 600_000 },
  rater: { temperature: 0, maxTokens: 10, timeoutMs: 60_000 },
};

const positive = z.number().positive();
const nonNegative = z.number().min(0);
const httpUrl = z.string().refine(isHttpUrl, "must be an http(s) URL");

const SettingsSchema: z.ZodType<EndpointSettings> = z.strictObject({
  baseUrl: httpUrl.optional(),
  apiKeyEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name")
    .optional(),
  model: z.string().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.int().positive().optional(),
  timeoutMs: z.int().positive().optional(),
  seed: z.int().optional(),
  price: z.strictObject({ inputPerMillion: nonNegative, outputPerMillion: nonNegative }).optional(),
  limits: z.strictObject({
    concurrency: z.int().positive().optional(),
    rpm: positive.optional(),
    tpm: positive.optional(),
  }).optional(),
  maxRetries: z.int().min(0).optional(),
  structuredOutput: z.enum(["json_schema", "json_object", "prompt"]).optional(),
  extraBody: z.record(z.string(), z.unknown()).optional(),
  provider: z.enum(PROVIDERS).optional(),
  wire: WireOverridesSchema.optional(),
  reasoningEffort: z.string().min(1).optional(),
  thinking: z.boolean().optional(),
  promptSuffix: z.string().optional(),
});

const FileSchema: z.ZodType<LlmConfigFile> = z.strictObject({
  defaults: SettingsSchema.optional(),
  roles: z.record(z.string().min(1), SettingsSchema).optional(),
  budgetUsd: positive.optional(),
  cache: z.strictObject({
    mode: z.enum(["live", "record", "replay", "off"]).optional(),
    path: z.string().min(1).optional(),
  }).optional(),
  reask: z.int().min(0).optional(),
});

/**
 * Validates a parsed config file and resolves every role. Failures are data: one issue string
 * per problem, each naming the field path (`roles.judge.temperature: …`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseLlmConfig } from "./config.ts";
 * const outcome = parseLlmConfig(
 *   { defaults: { model: "qwen3:8b" }, roles: { judge: { temperature: 0 } } },
 *   { OPENAI_BASE_URL: "http://localhost:11434/v1" },
 * );
 * assert(outcome.ok && outcome.value.roles.judge.temperature === 0);
 * assert(outcome.ok && outcome.value.roles.judge.baseUrl === "http://localhost:11434/v1");
 * ```
 */
export function parseLlmConfig(
  input: unknown,
  env: Record<string, string | undefined> = processEnv(),
  options: Pick<LoadLlmConfigOptions, "roleDefaults"> = {},
): ParseOutcome<LlmConfig> {
  const { issues: keyIssues, cleaned } = withoutInlineKeys(input);
  const parsed = FileSchema.safeParse(cleaned);
  if (!parsed.success || keyIssues.length > 0) {
    const issues = parsed.success ? [] : parsed.error.issues.map(formatIssue);
    return { ok: false, issues: [...keyIssues, ...issues] };
  }
  const file = parsed.data;
  const envBaseUrl = env.OPENAI_BASE_URL?.trim();
  if (envBaseUrl && !isHttpUrl(envBaseUrl)) {
    return { ok: false, issues: ["env.OPENAI_BASE_URL: must be an http(s) URL"] };
  }
  const base: EndpointSettings = { ...BASE_SETTINGS, baseUrl: envBaseUrl || DEFAULT_BASE_URL };
  const defaults = resolve("default", [base, file.defaults ?? {}]);
  const roles: Record<string, RoleEndpoint> = {};
  const names = new Set<string>([...BUILTIN_ROLES, ...Object.keys(file.roles ?? {})]);
  for (const role of names) {
    const layers = [
      base,
      ROLE_SETTINGS[role] ?? {},
      options.roleDefaults?.[role] ?? {},
      file.defaults ?? {},
      file.roles?.[role] ?? {},
    ];
    roles[role] = resolve(role, layers);
  }
  const conflicts = [
    ...limitConflicts([...Object.values(roles), defaults]),
    ...Object.values(roles).flatMap((endpoint) => wireConflicts(endpoint, file)),
  ];
  if (conflicts.length > 0) return { ok: false, issues: conflicts };
  return {
    ok: true,
    value: {
      roles,
      defaults,
      budgetUsd: file.budgetUsd,
      cache: { mode: file.cache?.mode ?? "live", path: file.cache?.path },
      reask: file.reask ?? 2,
    },
  };
}

/**
 * Reads and resolves a JSON config file (or the built-in defaults when `path` is omitted).
 * Throws {@linkcode ConfigError} listing one line per problem.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadLlmConfig } from "./config.ts";
 * const config = await loadLlmConfig(undefined, { env: {} });
 * assert(config.roles.gradient.maxTokens === 8192);
 * ```
 */
export async function loadLlmConfig(
  path?: string,
  options: LoadLlmConfigOptions = {},
): Promise<LlmConfig> {
  let input: unknown = {};
  if (path !== undefined) {
    let text: string;
    try {
      text = await Deno.readTextFile(path);
    } catch (cause) {
      throw new ConfigError([`(file): cannot read: ${(cause as Error).message}`], {
        source: path,
        cause,
      });
    }
    try {
      input = JSON.parse(text);
    } catch (cause) {
      throw new ConfigError([`(root): not valid JSON: ${(cause as Error).message}`], {
        source: path,
        cause,
      });
    }
  }
  const outcome = parseLlmConfig(input, options.env ?? processEnv(), {
    roleDefaults: options.roleDefaults,
  });
  if (!outcome.ok) throw new ConfigError(outcome.issues, { source: path });
  return outcome.value;
}

/**
 * The endpoint of `role`: its resolved entry, or the defaults relabelled for an unlisted role.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { endpointFor, loadLlmConfig } from "./config.ts";
 * const config = await loadLlmConfig(undefined, { env: {} });
 * assert(endpointFor(config, "judge").temperature === 0.1);
 * assert(endpointFor(config, "summarizer").role === "summarizer");
 * ```
 */
export function endpointFor(config: LlmConfig, role: string): RoleEndpoint {
  return config.roles[role] ?? { ...config.defaults, role };
}

function resolve(role: string, layers: EndpointSettings[]): RoleEndpoint {
  const merged: EndpointSettings = {};
  let limits: Partial<EndpointLimits> = {};
  let wire: Partial<WireFormat> = {};
  for (const layer of layers) {
    for (const [field, value] of Object.entries(layer)) {
      if (value !== undefined) (merged as Record<string, unknown>)[field] = value;
    }
    limits = { ...limits, ...definedOnly(layer.limits ?? {}) };
    wire = { ...wire, ...definedOnly(layer.wire ?? {}) };
  }
  const provider = merged.provider ?? "generic";
  const baseUrl = (merged.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const model = merged.model ?? BASE_SETTINGS.model;
  return {
    role,
    baseUrl,
    apiKeyEnv: merged.apiKeyEnv ?? BASE_SETTINGS.apiKeyEnv,
    model,
    temperature: merged.temperature ?? BASE_SETTINGS.temperature,
    maxTokens: merged.maxTokens ?? BASE_SETTINGS.maxTokens,
    timeoutMs: merged.timeoutMs ?? BASE_SETTINGS.timeoutMs,
    seed: merged.seed,
    price: merged.price,
    limits: { concurrency: limits.concurrency ?? BASE_SETTINGS.limits.concurrency, ...limits },
    maxRetries: merged.maxRetries ?? BASE_SETTINGS.maxRetries,
    structuredOutput: merged.structuredOutput ?? BASE_SETTINGS.structuredOutput,
    extraBody: merged.extraBody,
    ...(merged.promptSuffix ? { promptSuffix: merged.promptSuffix } : {}),
    endpointId: `${baseUrl}|${model}`,
    provider,
    wire: wireFormat(provider, wire),
    reasoningEffort: merged.reasoningEffort,
    thinking: merged.thinking,
  };
}

/** Roles that share an endpoint share its limits, so their limits must agree. */
function limitConflicts(endpoints: RoleEndpoint[]): string[] {
  const first = new Map<string, RoleEndpoint>();
  const issues: string[] = [];
  const path = (endpoint: RoleEndpoint) =>
    endpoint === endpoints.at(-1) ? "defaults" : `roles.${endpoint.role}`;
  for (const endpoint of endpoints) {
    const seen = first.get(endpoint.endpointId);
    if (!seen) {
      first.set(endpoint.endpointId, endpoint);
    } else if (JSON.stringify(seen.limits) !== JSON.stringify(endpoint.limits)) {
      issues.push(
        `${path(endpoint)}.limits: differ from ${path(seen)}.limits, but both use ` +
          `${endpoint.endpointId} and an endpoint has one set of limits`,
      );
    }
  }
  return issues;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function processEnv(): Record<string, string | undefined> {
  try {
    return { OPENAI_BASE_URL: Deno.env.get("OPENAI_BASE_URL") };
  } catch {
    return {}; // No --allow-env: behave as if unset.
  }
}
