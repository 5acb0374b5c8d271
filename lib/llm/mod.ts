/**
 * The LLM layer: roles, endpoints, cache, scheduling, usage, dry run.
 *
 * @module
 */
export * from "./types.ts";
export * from "./errors.ts";
// Shared types the LLM API mentions (re-exported so this module documents standalone).
export type { ParseOutcome, Schema, SchemaIssue } from "../schema.ts";
export type { RandomSource } from "../random.ts";
export { DEFAULT_BASE_URL, endpointFor, loadLlmConfig, parseLlmConfig } from "./config.ts";
export type {
  EndpointLimits,
  EndpointSettings,
  LlmConfig,
  LlmConfigFile,
  LoadLlmConfigOptions,
  Price,
  RoleEndpoint,
} from "./config.ts";
export type { BackendCall, BackendReply, ChatBackend } from "./backend.ts";
export { assertApiKeys, isLocalBaseUrl, missingApiKeys, missingKeyLine } from "./api_key_check.ts";
export { OpenAiBackend } from "./openai_backend.ts";
export type { OpenAiBackendOptions } from "./openai_backend.ts";
export { Scheduler } from "./scheduler.ts";
export type { RetryEvent, ScheduleOptions, SchedulerOptions } from "./scheduler.ts";
export { estimateMessageTokens, estimateTextTokens } from "./token_estimate.ts";
export { callKey, callKeyMaterial, canonicalJson } from "./call_key.ts";
export type { CallKeyMaterial } from "./call_key.ts";
export { CACHE_MODE_POLICIES, CallCache, openCallCache } from "./call_cache.ts";
export type { CacheEntry, CacheMode, CacheModePolicy, CallCacheOptions } from "./call_cache.ts";
export { cassetteText, exportCassette, importCassette, parseCassette } from "./cassette.ts";
export type { CassetteEntry } from "./cassette.ts";
export { callCostUsd, emptyUsage, UsageMeter } from "./usage.ts";
export type { BudgetReservation, RoleUsage, UsageMeterOptions, UsageSnapshot } from "./usage.ts";
export { createDryRunBackend, DRY_RUN_MARK } from "./dry_run_backend.ts";
export type { DryRunBackendOptions } from "./dry_run_backend.ts";
export { extractJson, parseStructured } from "./structured.ts";
export { askStructured, askUntilValid, jsonCorrection, reaskRequest } from "./ask_until_valid.ts";
export type { AskOptions, AskOutcome, AskStructuredOptions, Completer } from "./ask_until_valid.ts";
export { extractJsonObject } from "./json_extract.ts";
export type { ExtractedJson, ExtractJsonOptions } from "./json_extract.ts";
export { createDryRunLlm, createLlm, withPromptSuffix } from "./llm.ts";
export type { CallEvent, DryRunLlmOptions, Llm, LlmOptions } from "./llm.ts";
export { isStrictSchema, PROVIDER_PRESETS, PROVIDERS, wireFormat } from "./presets.ts";
export type { Provider, StructuredOutputForm, ThinkingOff, WireFormat } from "./presets.ts";
export { readReasoning, splitThinking } from "./reasoning.ts";
export type { SplitAnswer } from "./reasoning.ts";
export {
  cosineSimilarity,
  DEFAULT_EMBED_BATCH,
  embedTexts,
  HASHED_EMBEDDING_DIMENSIONS,
  hashedEmbedding,
} from "./embed.ts";
export type { EmbedOptions } from "./embed.ts";
