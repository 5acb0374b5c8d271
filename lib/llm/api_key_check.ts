/**
 * The missing-API-key check: a role whose `apiKeyEnv` variable is unset may only talk to a local
 * or private server (Ollama, vLLM, llama-server on this machine or this network). For any other
 * base URL the kit fails before the first call, naming the variable, instead of sending a dummy key
 * and failing call by call.
 *
 * @module
 */
import type { LlmConfig, RoleEndpoint } from "./config.ts";
import { ConfigError } from "./errors.ts";

/**
 * Whether `baseUrl` points at this machine or a private network (no API key needed there).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isLocalBaseUrl } from "./api_key_check.ts";
 * assert.ok(isLocalBaseUrl("http://localhost:11434/v1") && isLocalBaseUrl("http://10.0.0.7:8000/v1"));
 * assert.ok(!isLocalBaseUrl("https://openrouter.ai/api/v1"));
 * ```
 */
export function isLocalBaseUrl(baseUrl: string): boolean {
  let host: string;
  try {
    host = new URL(baseUrl).hostname.toLowerCase().replace(/^\[|\]$/g, "");
  } catch {
    return false;
  }
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local")) return true;
  if (host === "::1" || host === "0.0.0.0" || /^f[cd][0-9a-f]{2}:/.test(host)) return true;
  const octets = host.split(".").map(Number);
  if (octets.length !== 4 || octets.some((o) => !Number.isInteger(o) || o < 0 || o > 255)) {
    return false;
  }
  const [a, b] = octets;
  return a === 127 || a === 10 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) ||
    (a === 169 && b === 254);
}

/**
 * One line per (variable, endpoint) whose key is unset although the endpoint is not local.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { missingApiKeys } from "./api_key_check.ts";
 * import { parseLlmConfig } from "./config.ts";
 * const config = parseLlmConfig({ defaults: { baseUrl: "https://api.example.com/v1",
 *   apiKeyEnv: "EXAMPLE_KEY" } }, {});
 * if (!config.ok) throw new Error(config.issues.join());
 * assert.match(missingApiKeys(config.value, () => undefined)[0], /EXAMPLE_KEY is not set/);
 * assert.deepEqual(missingApiKeys(config.value, () => "sk-1"), []);
 * ```
 */
export function missingApiKeys(
  config: LlmConfig,
  readEnv: (name: string) => string | undefined,
): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const [role, endpoint] of Object.entries(config.roles)) {
    const id = `${endpoint.apiKeyEnv}|${endpoint.baseUrl}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (readEnv(endpoint.apiKeyEnv) || isLocalBaseUrl(endpoint.baseUrl)) continue;
    lines.push(`roles.${role}.apiKeyEnv: ${missingKeyLine(endpoint)}`);
  }
  return lines;
}

/**
 * The message for an unset key variable of a non-local endpoint.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { missingKeyLine } from "./api_key_check.ts";
 * const line = missingKeyLine({ apiKeyEnv: "K", baseUrl: "https://x.ai/v1" });
 * assert.match(line, /^environment variable K is not set/);
 * ```
 */
export function missingKeyLine(endpoint: Pick<RoleEndpoint, "apiKeyEnv" | "baseUrl">): string {
  const name = endpoint.apiKeyEnv;
  return `environment variable ${name} is not set, and ${endpoint.baseUrl} is not a local ` +
    `server; set ${name} (or name another variable in apiKeyEnv) and run again`;
}

/**
 * Throws a {@linkcode ConfigError} naming every unset key variable of a non-local endpoint.
 *
 * @throws {ConfigError} One line per missing key.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { assertApiKeys } from "./api_key_check.ts";
 * import { parseLlmConfig } from "./config.ts";
 * const config = parseLlmConfig({ defaults: { baseUrl: "http://127.0.0.1:8000/v1" } }, {});
 * if (!config.ok) throw new Error(config.issues.join());
 * assertApiKeys(config.value, () => undefined); // a local server needs no key
 * ```
 */
export function assertApiKeys(
  config: LlmConfig,
  readEnv: (name: string) => string | undefined = (name) => Deno.env.get(name),
): void {
  const lines = missingApiKeys(config, readEnv);
  if (lines.length > 0) throw new ConfigError(lines, { source: "API keys" });
}
