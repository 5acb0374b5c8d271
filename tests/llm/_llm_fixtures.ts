/** Shared fixtures of the LLM-facade tests (cache entries, configs, scripted backends). */
import type { BackendCall, BackendReply, ChatBackend } from "../../lib/llm/backend.ts";
import type { CacheEntry } from "../../lib/llm/call_cache.ts";
import { type LlmConfig, parseLlmConfig } from "../../lib/llm/config.ts";

/** A cache entry with a given key. */
export function sampleEntry(key: string, text = "answer"): CacheEntry {
  return {
    key,
    role: "judge",
    model: "m",
    endpointId: "http://x/v1|m",
    request: {
      role: "judge",
      endpointId: "http://x/v1|m",
      model: "m",
      messages: [{ role: "user", content: "q" }],
      temperature: 0,
      maxTokens: 10,
      structuredOutput: "prompt",
    },
    text,
    finishReason: "stop",
    usage: { inputTokens: 5, outputTokens: 2, estimated: false },
    dryRun: false,
    createdAt: "2026-01-01T00:00:00.000Z",
  };
}

/** A resolved config from file settings, with an empty environment. */
export function testConfig(settings: Record<string, unknown> = {}): LlmConfig {
  const outcome = parseLlmConfig(settings, {});
  if (!outcome.ok) throw new Error(outcome.issues.join("\n"));
  return outcome.value;
}

/** A backend answering from a function, counting sends. */
export class ScriptedBackend implements ChatBackend {
  readonly name = "scripted";
  readonly dryRun = false;
  sends = 0;
  #answer: (call: BackendCall, index: number) => BackendReply | Promise<BackendReply>;

  constructor(answer: (call: BackendCall, index: number) => BackendReply | Promise<BackendReply>) {
    this.#answer = answer;
  }

  async send(call: BackendCall): Promise<BackendReply> {
    const index = this.sends++;
    return await this.#answer(call, index);
  }
}

/** A user message request of `role`. */
export function ask(content: string, role = "judge", draw?: number) {
  return { role, messages: [{ role: "user" as const, content }], draw, label: `test ${content}` };
}
