/**
 * The call log: every LLM call of an experiment (request, answer, tokens, dollars, timing, cache
 * hit, error), tagged with the run that made it. Subscribe {@linkcode callLogger} to the LLM
 * layer's `onCall`; {@linkcode withRunId} tags the calls a run's code makes (the tag follows the
 * async call chain, so concurrent runs sharing one LLM layer are told apart).
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { endpointFor, type LlmConfig } from "../llm/config.ts";
import type { CallEvent } from "../llm/llm.ts";
import { callCostUsd } from "../llm/usage.ts";
import type { CallLogEntry } from "./types.ts";

const currentRun = new AsyncLocalStorage<string>();

/**
 * Runs `fn` with every LLM call it makes attributed to `runId`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { currentRunId, withRunId } from "./call_log.ts";
 * const seen = await withRunId("textgrad/SSS/mae/r1", async () => {
 *   await Promise.resolve();
 *   return currentRunId();
 * });
 * assert.ok(seen === "textgrad/SSS/mae/r1" && currentRunId() === null);
 * ```
 */
export function withRunId<T>(runId: string, fn: () => Promise<T>): Promise<T> {
  return currentRun.run(runId, fn);
}

/**
 * The run the current async call chain belongs to, or `null`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { currentRunId } from "./call_log.ts";
 * assert.ok(currentRunId() === null);
 * ```
 */
export function currentRunId(): string | null {
  return currentRun.getStore() ?? null;
}

/**
 * An `onCall` observer that turns each call event into a {@linkcode CallLogEntry} (dollars from the
 * role's price; cache hits cost nothing) and hands it to `sink`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createDryRunLlm } from "../llm/llm.ts";
 * import { parseLlmConfig } from "../llm/config.ts";
 * import { callLogger, withRunId } from "./call_log.ts";
 * import type { CallLogEntry } from "./types.ts";
 * const config = parseLlmConfig({ cache: { mode: "off" } }, {});
 * if (!config.ok) throw new Error(config.issues.join("\n"));
 * const log: CallLogEntry[] = [];
 * const llm = createDryRunLlm({ config: config.value, onCall: callLogger(config.value, (e) => log.push(e)) });
 * await withRunId("r1", () => llm.complete({ role: "loss", messages: [{ role: "user", content: "Critique." }] }));
 * assert.ok(log.length === 1 && log[0].runId === "r1" && log[0].dryRun);
 * llm.close();
 * ```
 */
export function callLogger(
  config: LlmConfig,
  sink: (entry: CallLogEntry) => void,
): (event: CallEvent) => void {
  return (event) => {
    const { request, result } = event;
    const price = endpointFor(config, request.role).price;
    sink({
      runId: currentRunId(),
      key: event.key,
      role: request.role,
      label: request.label ?? null,
      request: {
        messages: request.messages,
        draw: request.draw ?? null,
        hint: request.hint ?? null,
      },
      text: result?.text ?? "",
      model: result?.model ?? "",
      inputTokens: result?.usage.inputTokens ?? 0,
      outputTokens: result?.usage.outputTokens ?? 0,
      costUsd: result && !event.cached ? callCostUsd(result.usage, price) : 0,
      cached: event.cached,
      dryRun: result?.dryRun ?? false,
      error: event.error === undefined ? null : errorText(event.error),
      startedAt: event.startedAtMs,
      durationMs: event.durationMs,
      attempts: 1 + event.retries.length,
      retryErrors: event.retries,
      reasoning: result?.reasoning ?? null,
      reasoningTokens: result && !event.cached ? result.usage.reasoningTokens ?? 0 : 0,
      cachedInputTokens: result && !event.cached ? result.usage.cachedInputTokens ?? 0 : 0,
    });
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
