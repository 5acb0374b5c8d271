/**
 * The bench's endpoint: the project's fake OpenAI server with a latency model and endpoint limits,
 * answering every request with the dry-run backend's synthetic answer to it, reached over HTTP by
 * the kit's real OpenAI-compatible backend. It records the service time of every request, so the
 * critical-path bound can be computed for exactly the calls that were made.
 *
 * @module
 */
import type { BackendReply, ChatBackend } from "../llm/backend.ts";
import { callKey, callKeyMaterial } from "../llm/call_key.ts";
import { createDryRunBackend } from "../llm/dry_run_backend.ts";
import { OpenAiBackend } from "../llm/openai_backend.ts";
import {
  type FakeEndpointLimits,
  type FakeLatency,
  type FakeOpenAiServer,
  startFakeOpenAi,
} from "../testing/fake_openai_server.ts";

/** Options of {@linkcode startBenchEndpoint}. */
export interface BenchEndpointOptions {
  /** Latency model of the fake server (real milliseconds). */
  latency: FakeLatency;
  /** Limits of the fake server. */
  limits?: FakeEndpointLimits;
  /** Seed of the synthetic answers (the experiment's seed gives the dry run's answers). */
  seed?: number;
}

/** A running bench endpoint. */
export interface BenchEndpoint {
  /** Base URL of the fake server. */
  readonly url: string;
  /** The kit's backend for it: the OpenAI-compatible client, over HTTP. */
  readonly backend: ChatBackend;
  /** The fake server (requests, in-flight counts). */
  readonly server: FakeOpenAiServer;
  /** The service time the server applied to the first sent call with `key`, in real ms. */
  serviceMs(key: string): number | undefined;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * Starts a fake endpoint whose answers are the dry run's and whose timing follows `latency`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { startBenchEndpoint } from "./bench_endpoint.ts";
 * import { createLlm } from "../llm/llm.ts";
 * import { parseLlmConfig } from "../llm/config.ts";
 * const endpoint = await startBenchEndpoint({ latency: { fixedMs: 5 } });
 * const config = parseLlmConfig({ cache: { mode: "off" }, defaults: { baseUrl: endpoint.url } }, {});
 * if (!config.ok) throw new Error(config.issues.join("\n"));
 * const llm = createLlm({ config: config.value, backend: endpoint.backend });
 * const reply = await llm.complete({ role: "loss", messages: [{ role: "user", content: "Critique." }] });
 * assert.ok(reply.text.startsWith("[dry-run]") && endpoint.serviceMs(reply.key)! >= 5);
 * llm.close();
 * await endpoint.close();
 * ```
 */
export async function startBenchEndpoint(options: BenchEndpointOptions): Promise<BenchEndpoint> {
  const dryRun = createDryRunBackend({ seed: options.seed });
  const answers = new Map<number, { key: string; reply: BackendReply }>();
  const service = new Map<string, number>();
  let nextId = 0;
  const server = await startFakeOpenAi({
    latency: options.latency,
    limits: options.limits,
    respond: (request) => {
      const id = (request.body as { bench_call?: number } | undefined)?.bench_call;
      const answer = id === undefined ? undefined : answers.get(id);
      if (!answer) return { kind: "status", status: 400, message: "unknown bench call" };
      const usage = answer.reply.usage!;
      return {
        kind: "text",
        text: answer.reply.text,
        usage: { promptTokens: usage.inputTokens, completionTokens: usage.outputTokens },
      };
    },
  });
  const http = new OpenAiBackend();
  const keyOfId = new Map<number, string>();
  const backend: ChatBackend = {
    name: "bench",
    dryRun: false,
    async send(call, signal) {
      const id = nextId++;
      const key = callKey(callKeyMaterial(call.request, call.endpoint));
      keyOfId.set(id, key);
      answers.set(id, { key, reply: await dryRun.send(call, signal) });
      const extraBody = { ...call.endpoint.extraBody, bench_call: id };
      try {
        return await http.send({ ...call, endpoint: { ...call.endpoint, extraBody } }, signal);
      } finally {
        answers.delete(id);
      }
    },
  };
  // The server records each request's service time; map it back to the call key.
  let seen = 0;
  const serviceMs = (key: string): number | undefined => {
    for (; seen < server.requests.length; seen++) {
      const request = server.requests[seen];
      const id = (request.body as { bench_call?: number } | undefined)?.bench_call;
      const sentKey = id === undefined ? undefined : keyOfId.get(id);
      if (sentKey !== undefined && request.serviceMs !== undefined && !service.has(sentKey)) {
        service.set(sentKey, request.serviceMs);
      }
    }
    return service.get(key);
  };
  return {
    url: server.url,
    backend,
    server,
    serviceMs,
    close: () => server.close(),
  };
}
