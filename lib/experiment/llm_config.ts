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
 * built-in defaults (environment: `OPENAI_BASE_URL`).
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
export async function resolveLlmConfig(config: Pick<ExperimentConfig, "llm">): Promise<LlmConfig> {
  if (typeof config.llm === "string") return await loadLlmConfig(config.llm);
  const outcome = parseLlmConfig(config.llm ?? {});
  if (!outcome.ok) throw new ConfigError(outcome.issues, { source: "experiment config: llm" });
  return outcome.value;
}
