/**
 * A fake OpenAI-compatible HTTP endpoint for tests: `POST /v1/chat/completions` and
 * `POST /v1/embeddings` (hashed bag-of-words vectors, as the dry run) and `GET /v1/models` on 127.0.0.1, with scripted or rule-based replies, a seeded latency model and
 * fault injection (429 with `retry-after`, 5xx, hangs, connection resets, malformed and truncated
 * bodies, `finish_reason: length`, refusals). It speaks HTTP/1.1 over raw TCP so that it can fail
 * the way real networks fail.
 *
 * @module
 */
import { seededRandom } from "../random.ts";
import { readRequest, waitForPeerClose, type WireRequest, writeResponse } from "./_http_wire.ts";
import {
  completion,
  errorBody,
  estimateUsage,
  type FakeRequest,
  type FakeUsage,
} from "./_fake_bodies.ts";
export type { FakeRequest, FakeUsage } from "./_fake_bodies.ts";
import { hashedEmbedding } from "../llm/embed.ts";

/**
 * What the fake answers to one chat request. A plain string is shorthand for
 * `{ kind: "text", text }`.
 *
 * - `text`: a normal completion; `finishReason` defaults to `stop`, `usage` to a chars/4 count
 *   (`"omit"` sends no usage at all).
 * - `refusal`: a completion whose message carries a `refusal` and no content.
 * - `status`: an error status (429, 500, 503, 401, …) with an OpenAI-style error body and optional
 *   `retry-after` (seconds or HTTP date, sent verbatim) / `retry-after-ms` headers.
 * - `hang`: never answers; the connection stays open until the client gives up.
 * - `reset`: closes the connection without answering (`beforeResponse`, default) or after the
 *   headers and half the body (`midBody`).
 * - `malformed`: `200` with a body that is not JSON.
 * - `truncated`: `200` with a JSON content type whose body is a completion cut in half.
 * - `noChoices`: `200` with valid JSON that has no `choices`.
 */
export type FakeReply =
  | string
  | {
    kind: "text";
    text: string;
    finishReason?: string;
    usage?: FakeUsage | "omit";
    model?: string;
    delayMs?: number;
    /** Reasoning sent in a message field beside `content` (vLLM, llama-server, OpenRouter). */
    reasoning?: { field: "reasoning_content" | "reasoning"; text: string };
    /** Reported as `usage.completion_tokens_details.reasoning_tokens` (and in completion tokens). */
    reasoningTokens?: number;
  }
  | { kind: "refusal"; refusal: string; delayMs?: number }
  | {
    kind: "status";
    status: number;
    message?: string;
    retryAfter?: string;
    retryAfterMs?: number;
    delayMs?: number;
    /** OpenAI error-shape fields (`error.code`, `error.param`, `error.type`). */
    code?: string;
    param?: string;
    type?: string;
  }
  | { kind: "hang" }
  | { kind: "reset"; when?: "beforeResponse" | "midBody"; delayMs?: number }
  | { kind: "malformed"; body?: string; delayMs?: number }
  | { kind: "truncated"; text?: string; delayMs?: number }
  | { kind: "noChoices"; delayMs?: number };

/**
 * Latency added before every answer: `(fixedMs + perOutputTokenMs × completion tokens) ×
 * (1 ± relativeJitter)` plus a seeded uniform draw in [0, `jitterMs`).
 */
export interface FakeLatency {
  /** Constant delay in milliseconds. */
  fixedMs?: number;
  /** Delay per completion token, in milliseconds (decoding time). Default 0. */
  perOutputTokenMs?: number;
  /** Upper bound of the random extra delay in milliseconds. */
  jitterMs?: number;
  /** Uniform relative jitter of the fixed and per-token parts, e.g. 0.2 for ±20 %. Default 0. */
  relativeJitter?: number;
  /** Seed of the jitter (default 0). */
  seed?: number;
}

/**
 * Limits of the fake endpoint. Requests beyond `concurrency` wait for a slot (as a serving engine
 * queues them); requests beyond `rpm` or `tpm` in the last `windowMs` get a 429 with
 * `retry-after-ms`.
 */
export interface FakeEndpointLimits {
  /** Requests answered at once. Default unlimited. */
  concurrency?: number;
  /** Requests per window. */
  rpm?: number;
  /** Prompt plus completion tokens per window. */
  tpm?: number;
  /** The window of `rpm` and `tpm` in ms. Default 60 000 (shorter for time-scaled benches). */
  windowMs?: number;
}

/** Options of {@linkcode startFakeOpenAi}. */
export interface FakeOpenAiOptions {
  /** Scripted replies, consumed in order (one per chat request). */
  replies?: FakeReply[];
  /** Rule-based replies, used when the script is exhausted. Default: always `"ok"`. */
  respond?: (request: FakeRequest) => FakeReply | Promise<FakeReply>;
  /** Latency model. Default: none. */
  latency?: FakeLatency;
  /** Endpoint limits. Default: none. */
  limits?: FakeEndpointLimits;
  /** Model name reported in replies and by `/v1/models`. Default `fake-model`. */
  model?: string;
  /**
   * When set, requests must carry `Authorization: Bearer <apiKey>`; others get a 401 whose message
   * echoes the key they sent (as some real endpoints do), so tests can check that it does not leak.
   */
  apiKey?: string;
}

/** A running fake endpoint. */
export interface FakeOpenAiServer {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:40123/v1`. */
  readonly url: string;
  /** Every request received, in arrival order. */
  readonly requests: readonly FakeRequest[];
  /** Chat-completion requests currently being answered. */
  readonly inFlight: number;
  /** The largest `inFlight` observed so far. */
  readonly maxInFlight: number;
  /** Appends replies to the script. */
  enqueue(...replies: FakeReply[]): void;
  /** Stops listening, drops open connections and waits until every handler has finished. */
  close(): Promise<void>;
  /** Same as {@linkcode FakeOpenAiServer.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a fake OpenAI-compatible endpoint on 127.0.0.1 (a free port).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { startFakeOpenAi } from "./fake_openai_server.ts";
 * const server = await startFakeOpenAi({ replies: ["hello", { kind: "status", status: 503 }] });
 * const post = () =>
 *   fetch(`${server.url}/chat/completions`, {
 *     method: "POST",
 *     body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "hi" }] }),
 *   });
 * const first = await (await post()).json();
 * assert(first.choices[0].message.content === "hello");
 * const second = await post();
 * await second.body?.cancel();
 * assert(second.status === 503 && server.requests.length === 2);
 * await server.close();
 * ```
 */
export function startFakeOpenAi(options: FakeOpenAiOptions = {}): Promise<FakeOpenAiServer> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const script: FakeReply[] = [...(options.replies ?? [])];
  const requests: FakeRequest[] = [];
  const connections = new Set<Deno.Conn>();
  const handlers = new Set<Promise<void>>();
  const lifetime = new AbortController();
  const jitter = seededRandom(options.latency?.seed ?? 0);
  const model = options.model ?? "fake-model";
  let inFlight = 0;
  let maxInFlight = 0;

  const latencyMs = (outputTokens: number, extra = 0): number => {
    const { fixedMs = 0, perOutputTokenMs = 0, jitterMs = 0, relativeJitter = 0 } =
      options.latency ?? {};
    const factor = 1 + relativeJitter * (2 * jitter.next() - 1);
    return (fixedMs + perOutputTokenMs * outputTokens) * factor + jitter.next() * jitterMs + extra;
  };
  const gate = endpointGate(options.limits ?? {}, lifetime.signal);

  const nextReply = async (request: FakeRequest): Promise<FakeReply> => {
    const scripted = script.shift();
    if (scripted !== undefined) return scripted;
    return options.respond ? await options.respond(request) : "ok";
  };

  const answerChat = async (conn: Deno.Conn, request: FakeRequest): Promise<void> => {
    const sentKey = (request.headers["authorization"] ?? "").replace(/^Bearer\s+/i, "");
    if (options.apiKey !== undefined && sentKey !== options.apiKey) {
      const message = `Incorrect API key provided: ${sentKey}.`;
      await writeJson(conn, 401, errorBody(message, "invalid_api_key"));
      return;
    }
    const reply = normalize(await nextReply(request));
    const usage = reply.kind === "text" && reply.usage !== "omit"
      ? reply.usage ?? estimateUsage(request, reply.text)
      : { promptTokens: 1, completionTokens: 1 };
    const limited = gate.admit(usage.promptTokens + usage.completionTokens);
    if (limited !== null) {
      const message = "fake rate limit reached";
      await writeJson(conn, 429, errorBody(message), { "retry-after-ms": String(limited) });
      return;
    }
    await gate.acquire();
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      const serviceMs = latencyMs(usage.completionTokens, "delayMs" in reply ? reply.delayMs : 0);
      request.serviceMs = serviceMs;
      await sleep(serviceMs, lifetime.signal);
      await deliver(conn, reply, request, model, lifetime.signal);
    } finally {
      inFlight--;
      gate.release();
    }
  };

  const handle = async (conn: Deno.Conn): Promise<void> => {
    try {
      const wire = await readRequest(conn);
      if (wire === null) return;
      const request = toFakeRequest(wire, requests.length);
      requests.push(request);
      if (request.method === "POST" && request.path === "/v1/chat/completions") {
        await answerChat(conn, request);
      } else if (request.method === "POST" && request.path === "/v1/embeddings") {
        await writeJson(conn, 200, embeddingsBody(request.body, model));
      } else if (request.method === "GET" && request.path === "/v1/models") {
        await writeJson(conn, 200, {
          object: "list",
          data: [{ id: model, object: "model", created: 0, owned_by: "fake" }],
        });
      } else {
        await writeJson(conn, 404, errorBody(`no route ${request.method} ${request.path}`));
      }
    } catch {
      // The server is closing or the peer vanished; nothing to answer.
    } finally {
      connections.delete(conn);
      closeQuietly(conn);
    }
  };

  const acceptLoop = (async () => {
    for await (const conn of listener) {
      connections.add(conn);
      const handler = handle(conn);
      handlers.add(handler);
      handler.finally(() => handlers.delete(handler));
    }
  })().catch(() => {});

  const port = (listener.addr as Deno.NetAddr).port;
  const close = async (): Promise<void> => {
    if (lifetime.signal.aborted) return;
    lifetime.abort();
    closeQuietly(listener);
    for (const conn of connections) closeQuietly(conn);
    await acceptLoop;
    await Promise.allSettled([...handlers]);
  };
  return Promise.resolve({
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    enqueue: (...replies: FakeReply[]) => void script.push(...replies),
    close,
    [Symbol.asyncDispose]: close,
  });
}

type FullReply = Exclude<FakeReply, string>;

/** Concurrency slots (a FIFO queue) and sliding RPM/TPM windows of the fake endpoint. */
function endpointGate(limits: FakeEndpointLimits, signal: AbortSignal) {
  const windowMs = limits.windowMs ?? 60_000;
  const log: { at: number; tokens: number }[] = [];
  const waiting: (() => void)[] = [];
  let active = 0;
  signal.addEventListener("abort", () => waiting.splice(0).forEach((wake) => wake()));
  return {
    /** `null` when the request fits the windows (and is counted), else ms until it would. */
    admit(tokens: number): number | null {
      const now = performance.now();
      while (log.length > 0 && log[0].at <= now - windowMs) log.shift();
      const overRpm = limits.rpm !== undefined && log.length + 1 > limits.rpm;
      const used = log.reduce((sum, entry) => sum + entry.tokens, 0);
      const overTpm = limits.tpm !== undefined && log.length > 0 && used + tokens > limits.tpm;
      if (overRpm || overTpm) return Math.max(1, Math.ceil(log[0].at + windowMs - now));
      log.push({ at: now, tokens });
      return null;
    },
    acquire(): Promise<void> {
      if (active < (limits.concurrency ?? Infinity) || signal.aborted) {
        active++;
        return Promise.resolve();
      }
      return new Promise((resolve) =>
        waiting.push(() => {
          active++;
          resolve();
        })
      );
    },
    release(): void {
      active--;
      waiting.shift()?.();
    },
  };
}

function normalize(reply: FakeReply): FullReply {
  return typeof reply === "string" ? { kind: "text", text: reply } : reply;
}

async function deliver(
  conn: Deno.Conn,
  reply: FullReply,
  request: FakeRequest,
  model: string,
  signal: AbortSignal,
): Promise<void> {
  switch (reply.kind) {
    case "text": {
      const usage = reply.usage ??
        estimateUsage(request, reply.text + (reply.reasoning?.text ?? ""));
      const body = completion(reply.model ?? model, reply.text, null, reply.finishReason, usage);
      const choice = (body.choices as { message: Record<string, unknown> }[])[0];
      if (reply.reasoning) choice.message[reply.reasoning.field] = reply.reasoning.text;
      if (reply.reasoningTokens !== undefined && body.usage) {
        const wire = body.usage as Record<string, number | object>;
        wire.completion_tokens = (wire.completion_tokens as number) + reply.reasoningTokens;
        wire.total_tokens = (wire.total_tokens as number) + reply.reasoningTokens;
        wire.completion_tokens_details = { reasoning_tokens: reply.reasoningTokens };
      }
      await writeJson(conn, 200, body);
      return;
    }
    case "refusal":
      await writeJson(
        conn,
        200,
        completion(model, null, reply.refusal, "stop", { promptTokens: 1, completionTokens: 1 }),
      );
      return;
    case "status": {
      const headers: Record<string, string> = {};
      if (reply.retryAfter !== undefined) headers["retry-after"] = reply.retryAfter;
      if (reply.retryAfterMs !== undefined) headers["retry-after-ms"] = String(reply.retryAfterMs);
      const message = reply.message ?? `fake status ${reply.status}`;
      const body = errorBody(message, reply.code ?? null, reply.param ?? null, reply.type);
      await writeJson(conn, reply.status, body, headers);
      return;
    }
    case "hang":
      await Promise.race([waitForPeerClose(conn), abortion(signal)]);
      return;
    case "reset":
      if (reply.when === "midBody") {
        const body = JSON.stringify(completion(model, "partial", null, "stop", "omit"));
        await writeResponse(conn, 200, "application/json", body, { cutAfterBytes: 10 });
      }
      return; // The caller closes the connection.
    case "malformed":
      await writeResponse(conn, 200, "application/json", reply.body ?? "<html>oops</html>");
      return;
    case "truncated": {
      const full = JSON.stringify(completion(model, reply.text ?? "cut", null, "stop", "omit"));
      await writeResponse(conn, 200, "application/json", full.slice(0, full.length >> 1));
      return;
    }
    case "noChoices":
      await writeJson(conn, 200, { id: "chatcmpl-fake", object: "chat.completion", model });
      return;
  }
}

function writeJson(
  conn: Deno.Conn,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<boolean> {
  return writeResponse(conn, status, "application/json", JSON.stringify(body), { headers });
}

function toFakeRequest(wire: WireRequest, index: number): FakeRequest {
  let body: unknown = undefined;
  if (wire.body.length > 0) {
    try {
      body = JSON.parse(wire.body);
    } catch {
      body = wire.body;
    }
  }
  return { index, method: wire.method, path: wire.path, headers: wire.headers, body };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

function abortion(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

function closeQuietly(resource: { close(): void }): void {
  try {
    resource.close();
  } catch {
    // Already closed.
  }
}

/** `/v1/embeddings`: the hashed bag-of-words vector of each input (the dry-run backend's). */
function embeddingsBody(body: unknown, model: string): Record<string, unknown> {
  const input = (body as { input?: unknown } | null)?.input;
  const texts = Array.isArray(input) ? input.map(String) : [String(input ?? "")];
  return {
    object: "list",
    model,
    data: texts.map((text, index) => ({
      object: "embedding",
      index,
      embedding: hashedEmbedding(text),
    })),
    usage: {
      prompt_tokens: texts.join(" ").split(/\s+/).length,
      total_tokens: texts.join(" ").split(/\s+/).length,
    },
  };
}
