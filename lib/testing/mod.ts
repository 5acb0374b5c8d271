/**
 * Test doubles for the kit: a fake OpenAI-compatible HTTP endpoint with scripted replies, a
 * latency model and fault injection, so the real `npm:openai` client can be exercised offline.
 *
 * @module
 */
export { startFakeOpenAi } from "./fake_openai_server.ts";
export type {
  FakeLatency,
  FakeOpenAiOptions,
  FakeOpenAiServer,
  FakeReply,
  FakeRequest,
  FakeUsage,
} from "./fake_openai_server.ts";
export { FakeClock } from "./fake_clock.ts";
export { PERSONAS, providerPersona } from "./provider_personas.ts";
export type { PersonaName, PersonaOptions } from "./provider_personas.ts";
