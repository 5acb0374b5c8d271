/**
 * Test doubles for the kit: a fake OpenAI-compatible HTTP endpoint with scripted replies, a
 * latency model and fault injection, so the real `npm:openai` client can be exercised offline;
 * a fake clock; and a toy experiment (synthetic data, dry-run grid) that runs in memory.
 *
 * @module
 */
export { startFakeOpenAi } from "./fake_openai_server.ts";
export type {
  FakeEndpointLimits,
  FakeLatency,
  FakeOpenAiOptions,
  FakeOpenAiServer,
  FakeReply,
  FakeRequest,
  FakeUsage,
} from "./fake_openai_server.ts";
export { FakeClock } from "./fake_clock.ts";
export { runChaosCampaign } from "./chaos.ts";
export type { ChaosOptions, ChaosReport, ScenarioOutcome } from "./chaos.ts";
export { bodyKey, CHAOS_FAULTS, startChaosServer } from "./chaos_server.ts";
export type { ChaosFault, ChaosServer, ChaosServerOptions } from "./chaos_server.ts";
export { chaosViolations, formatChaosReport } from "./chaos_cli.ts";
export { comparableRecords } from "./comparable_records.ts";
export { toyExperimentConfig, toyExperimentData } from "./toy_experiment.ts";
export { PERSONAS, providerPersona } from "./provider_personas.ts";
export type { PersonaName, PersonaOptions } from "./provider_personas.ts";
