/**
 * The LLM configuration of an experiment.
 *
 * @module
 */
import { type LlmConfig, loadLlmConfig, parseLlmConfig } from "../llm/config.ts";
import { ConfigError } from "../llm/errors.ts";
import type { ExperimentConfig } from "./config.ts";

/**
 * The LLM configuration of an experiment: `config.llm` inline, from a JSON file path, or the
 * built-in defaults (environment: `OPENAI_BASE_URL`). For OPRO, {@linkcode OPRO_ROLE_DEFAULTS}
 * apply unless the endpoint config sets the temperatures.
 *
 * @throws {ConfigError} One line per problem.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveLlmConfig } from "./llm_config.ts";
 * const llm = await resolveLlmConfig({ llm: { defaults: { model: "qwen3:8b" } } });
 * assert.ok(llm.roles.judge.model === "qwen3:8b");
 * ```
 */
export async function resolveLlmConfig(
  config: Pick<ExperimentConfig, "llm"> & Partial<Pick<ExperimentConfig, "algorithm">>,
): Promise<LlmConfig> {
  const roleDefaults = config.algorithm === "opro" ? { ...OPRO_ROLE_DEFAULTS } : undefined;
  if (typeof config.llm === "string") return await loadLlmConfig(config.llm, { roleDefaults });
  const outcome = parseLlmConfig(config.llm ?? {}, undefined, { roleDefaults });
  if (!outcome.ok) throw new ConfigError(outcome.issues, { source: "experiment config: llm" });
  return outcome.value;
}

/**
 * OPRO's role defaults (paper-method §6.1): scorer (the judge) temperature 0.0, optimizer 1.0.
 * They sit under the endpoint file, so a temperature the file sets wins.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OPRO_ROLE_DEFAULTS } from "./llm_config.ts";
 * assert.equal(OPRO_ROLE_DEFAULTS.optimizer.temperature, 1);
 * ```
 */
export const OPRO_ROLE_DEFAULTS: Readonly<Record<string, { temperature: number }>> = Object.freeze({
  judge: { temperature: 0 },
  optimizer: { temperature: 1 },
});
