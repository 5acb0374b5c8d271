/**
 * The HTTP backend: chat completions on any OpenAI-compatible endpoint (OpenAI, OpenRouter, vLLM,
 * Ollama, llama-server) through `npm:openai`.
 *
 * The SDK's own retries are off: the {@linkcode Scheduler} retries, so that every attempt counts
 * against the endpoint's limits. Keys are read from the environment when a call is sent and are
 * scrubbed from every error message.
 *
 * @module
 */
import OpenAI from "openai";
import type { BackendCall, BackendReply, ChatBackend } from "./backend.ts";
import type { RoleEndpoint } from "./config.ts";
import type { ChatMessage, ChatRequest } from "./types.ts";
import { isLocalBaseUrl, missingKeyLine } from "./api_key_check.ts";
import {
  AuthenticationError,
  LengthError,
  MalformedResponseError,
  RefusalError,
} from "./errors.ts";
import { scrub, toLlmError } from "./_openai_errors.ts";
import { isStrictSchema, PROVIDER_PRESETS } from "./presets.ts";
import { readReasoning } from "./reasoning.ts";

/** Options of {@linkcode OpenAiBackend}. */
export interface OpenAiBackendOptions {
  /** The `fetch` the SDK uses (tests inject one). Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Where API keys are read from, at send time. Default: `Deno.env`. */
  env?: Record<string, string | undefined> | ((name: string) => string | undefined);
}

/** Key sent when the key variable is unset: local servers (Ollama, vLLM) accept any key. */
const NO_KEY = "no-key";

/**
 * A {@linkcode ChatBackend} on `npm:openai` chat completions.
 *
 * Structured output follows `endpoint.structuredOutput` when the request carries a `jsonSchema`:
 * `json_schema` sends `response_format: { type: "json_schema" }`, `json_object` sends
 * `{ type: "json_object" }` plus an instruction naming the schema, `prompt` sends the instruction
 * only. The endpoint's provider preset (`endpoint.wire`) decides the token-limit field, whether
 * temperature and seed are sent, the reasoning effort and how thinking is turned off; `<think>`
 * blocks and reasoning fields of the answer are returned apart from its text. `extraBody` is merged
 * last; a `null` value removes a field.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OpenAiBackend } from "./openai_backend.ts";
 * import { loadLlmConfig } from "./config.ts";
 * const fakeFetch: typeof fetch = () =>
 *   Promise.resolve(Response.json({
 *     model: "m",
 *     choices: [{ index: 0, message: { role: "assistant", content: "4" }, finish_reason: "stop" }],
 *     usage: { prompt_tokens: 9, completion_tokens: 1, total_tokens: 10 },
 *   }));
 * const backend = new OpenAiBackend({ fetch: fakeFetch, env: { OPENAI_API_KEY: "sk-test" } });
 * const config = await loadLlmConfig(undefined, { env: {} });
 * const reply = await backend.send(
 *   { endpoint: config.roles.judge, request: { role: "judge", messages: [{ role: "user", content: "2+2?" }] } },
 *   new AbortController().signal,
 * );
 * assert(reply.text === "4" && reply.usage?.outputTokens === 1);
 * ```
 */
export class OpenAiBackend implements ChatBackend {
  /** Always `openai`. */
  readonly name = "openai";
  /** Always false: replies come from a model. */
  readonly dryRun = false;
  readonly #fetch?: typeof fetch;
  readonly #readEnv: (name: string) => string | undefined;
  readonly #clients = new Map<string, { key: string; client: OpenAI }>();

  /** Builds the backend; no request is sent and no key is read yet. */
  constructor(options: OpenAiBackendOptions = {}) {
    this.#fetch = options.fetch;
    const env = options.env;
    this.#readEnv = typeof env === "function"
      ? env
      : env
      ? (name) => env[name]
      : (name) => Deno.env.get(name);
  }

  /** Sends one chat completion; throws typed `LlmError`s (see the module doc). */
  async send(call: BackendCall, signal: AbortSignal): Promise<BackendReply> {
    const { endpoint, request } = call;
    const key = this.#readEnv(endpoint.apiKeyEnv) || undefined;
    if (key === undefined && !isLocalBaseUrl(endpoint.baseUrl)) {
      throw new AuthenticationError(`${endpoint.role}: ${missingKeyLine(endpoint)}`);
    }
    const context = {
      where: `${
        request.label ? `${request.label}: ` : ""
      }${endpoint.role} → ${endpoint.endpointId}`,
      label: request.label,
      secret: key,
      apiKeyEnv: endpoint.apiKeyEnv,
      keySet: key !== undefined,
      signal,
      provider: endpoint.provider,
    };
    if (request.hint?.kind === "embedding") return await this.#embed(call, key, context);
    let response: unknown;
    try {
      response = await this.#client(endpoint, key ?? NO_KEY).chat.completions.create(
        buildBody(endpoint, request) as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming,
        { signal, timeout: endpoint.timeoutMs, maxRetries: 0 },
      );
    } catch (error) {
      throw toLlmError(error, context);
    }
    return readReply(
      response,
      endpoint,
      (text) => scrub(`${context.where}: ${text}`, key),
      request,
    );
  }

  /**
   * One `/embeddings` call whose `input` is the request's messages (a string for one, an array
   * for several); the answer is the JSON array of their vectors, in input order.
   */
  async #embed(
    { endpoint, request }: BackendCall,
    key: string | undefined,
    context: Parameters<typeof toLlmError>[1],
  ): Promise<BackendReply> {
    const inputs = request.messages.map((m) => m.content);
    let response: unknown;
    try {
      response = await this.#client(endpoint, key ?? NO_KEY).embeddings.create(
        { model: endpoint.model, input: inputs.length === 1 ? inputs[0] : inputs },
        { signal: context.signal, timeout: endpoint.timeoutMs, maxRetries: 0 },
      );
    } catch (error) {
      throw toLlmError(error, context);
    }
    const body = response as {
      data?: { embedding?: unknown; index?: unknown }[];
      model?: unknown;
      usage?: { prompt_tokens?: unknown };
    };
    const data = Array.isArray(body?.data) ? [...body.data] : [];
    // Servers answer in input order with an `index` each; order by it when every item has one.
    if (data.every((d) => typeof d?.index === "number")) {
      data.sort((a, b) => (a.index as number) - (b.index as number));
    }
    const vectors = data.map((d) => d?.embedding);
    if (
      vectors.length !== inputs.length ||
      !vectors.every((v) => Array.isArray(v) && v.every((x) => typeof x === "number"))
    ) {
      throw new MalformedResponseError(
        scrub(
          `${context.where}: embeddings response has ${vectors.length} item(s) for ${inputs.length} input(s), or a vector that is not numeric`,
          key,
        ),
        { label: request.label },
      );
    }
    const inputTokens = body.usage?.prompt_tokens;
    return {
      text: JSON.stringify(vectors),
      finishReason: "stop",
      model: typeof body.model === "string" ? body.model : endpoint.model,
      ...(typeof inputTokens === "number" ? { usage: { inputTokens, outputTokens: 0 } } : {}),
    };
  }

  #client(endpoint: RoleEndpoint, key: string): OpenAI {
    const id = `${endpoint.baseUrl}|${endpoint.apiKeyEnv}`;
    const cached = this.#clients.get(id);
    if (cached && cached.key === key) return cached.client;
    const client = new OpenAI({
      apiKey: key,
      baseURL: endpoint.baseUrl,
      maxRetries: 0,
      timeout: endpoint.timeoutMs,
      fetch: this.#fetch,
    });
    this.#clients.set(id, { key, client });
    return client;
  }
}

/**
 * The request body for `endpoint`, written as its wire format (`endpoint.wire`, the provider
 * preset) says. Exported for tests of the wire format.
 */
export function buildBody(endpoint: RoleEndpoint, request: ChatRequest): Record<string, unknown> {
  const wire = endpoint.wire ?? PROVIDER_PRESETS.generic;
  const schema = request.jsonSchema;
  const mode = endpoint.structuredOutput;
  const off = endpoint.thinking === false ? wire.thinkingOff : undefined;
  let messages = schema && mode !== "json_schema"
    ? withJsonInstruction(request.messages, schema.schema)
    : request.messages;
  if (off?.kind === "suffix") messages = withSuffix(messages, off.text);
  const body: Record<string, unknown> = { model: endpoint.model, messages };
  if (wire.sendTemperature) body.temperature = endpoint.temperature;
  body[wire.tokenLimitField] = endpoint.maxTokens;
  if (endpoint.seed !== undefined && wire.sendSeed) body.seed = endpoint.seed;
  const effort = endpoint.reasoningEffort ?? (off?.kind === "effort" ? off.effort : undefined);
  if (effort !== undefined && wire.reasoningEffortField === "reasoning_effort") {
    body.reasoning_effort = effort;
  } else if (effort !== undefined && wire.reasoningEffortField === "reasoning.effort") {
    body.reasoning = { effort };
  }
  if (off?.kind === "body") Object.assign(body, structuredClone(off.body));
  if (schema && mode === "json_schema") {
    const strict = wire.strictSchema && isStrictSchema(schema.schema) ? { strict: true } : {};
    body.response_format = {
      type: "json_schema",
      json_schema: { name: schema.name, schema: schema.schema, ...strict },
    };
  } else if (schema && mode === "json_object") {
    body.response_format = { type: "json_object" };
  }
  for (const [field, value] of Object.entries(endpoint.extraBody ?? {})) {
    if (value === null) delete body[field];
    else body[field] = value;
  }
  return body;
}

function withSuffix(messages: ChatMessage[], suffix: string): ChatMessage[] {
  const last = messages.findLastIndex((message) => message.role === "user");
  if (last < 0) return [...messages, { role: "user", content: suffix.trim() }];
  return messages.map((m, i) => i === last ? { ...m, content: m.content + suffix } : m);
}

function withJsonInstruction(
  messages: ChatMessage[],
  schema: Record<string, unknown>,
): ChatMessage[] {
  const instruction = "\n\nRespond with one JSON object only, no prose and no code fence. " +
    `It must match this JSON schema: ${JSON.stringify(schema)}`;
  const last = messages.length - 1;
  if (last >= 0 && messages[last].role === "user") {
    return messages.map((message, i) =>
      i === last ? { ...message, content: message.content + instruction } : message
    );
  }
  return [...messages, { role: "user", content: instruction.trim() }];
}

interface WireChoice {
  message?: { content?: unknown; refusal?: unknown; [field: string]: unknown };
  finish_reason?: unknown;
}

function readReply(
  response: unknown,
  endpoint: RoleEndpoint,
  say: (text: string) => string,
  request: ChatRequest,
): BackendReply {
  const label = request.label;
  const body = response as { choices?: unknown; model?: unknown; usage?: unknown } | null;
  const choice = Array.isArray(body?.choices) ? body.choices[0] as WireChoice : undefined;
  if (typeof body !== "object" || body === null || !choice || typeof choice !== "object") {
    throw new MalformedResponseError(say("response has no choices"), { label });
  }
  const content = choice.message?.content;
  const refusal = choice.message?.refusal;
  const finishReason = typeof choice.finish_reason === "string" ? choice.finish_reason : "stop";
  if ((typeof refusal === "string" && refusal.length > 0) || finishReason === "content_filter") {
    const why = typeof refusal === "string" && refusal ? refusal : "content filter";
    throw new RefusalError(say(`model refused: ${why}`), { label });
  }
  if (content !== null && content !== undefined && typeof content !== "string") {
    throw new MalformedResponseError(say("message content is not text"), { label });
  }
  const { text, reasoning } = readReasoning({ ...choice.message, content: content ?? "" });
  if (finishReason === "length") {
    throw new LengthError(say(`answer cut at max_tokens=${endpoint.maxTokens}`), {
      label,
      partialText: text,
    });
  }
  if (content === null || content === undefined) {
    throw new MalformedResponseError(say("message has no content"), { label });
  }
  return {
    text,
    finishReason,
    model: typeof body.model === "string" ? body.model : endpoint.model,
    usage: readUsage(body.usage),
    ...(reasoning === undefined ? {} : { reasoning }),
  };
}

function readUsage(usage: unknown): BackendReply["usage"] {
  const u = usage as {
    prompt_tokens?: unknown;
    completion_tokens?: unknown;
    completion_tokens_details?: { reasoning_tokens?: unknown } | null;
    prompt_tokens_details?: { cached_tokens?: unknown } | null;
  } | undefined;
  if (typeof u?.prompt_tokens !== "number" || typeof u?.completion_tokens !== "number") {
    return undefined;
  }
  const reasoningTokens = u.completion_tokens_details?.reasoning_tokens;
  const cachedInputTokens = u.prompt_tokens_details?.cached_tokens;
  return {
    inputTokens: u.prompt_tokens,
    outputTokens: u.completion_tokens,
    ...(typeof reasoningTokens === "number" && reasoningTokens > 0 ? { reasoningTokens } : {}),
    ...(typeof cachedInputTokens === "number" ? { cachedInputTokens } : {}),
  };
}
