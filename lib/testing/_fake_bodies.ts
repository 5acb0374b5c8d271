/**
 * JSON bodies the fake OpenAI server writes: completions, usage estimates and OpenAI-shaped
 * errors. Internal.
 *
 * @module
 */

/** Token counts the fake reports in `usage`. */
export interface FakeUsage {
  /** Reported `prompt_tokens`. */
  promptTokens: number;
  /** Reported `completion_tokens`. */
  completionTokens: number;
  /** Reported `prompt_tokens_details.cached_tokens` (prompt caching), when set. */
  cachedTokens?: number;
}

/** One request as the fake received it. */
export interface FakeRequest {
  /** 0-based arrival order over all requests. */
  index: number;
  /** HTTP method. */
  method: string;
  /** Path, e.g. `/v1/chat/completions`. */
  path: string;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
  /** The JSON body (or the raw text if it was not JSON; `undefined` when empty). */
  body: unknown;
  /** Latency the model applied to this request (ms, excluding any wait for a slot). */
  serviceMs?: number;
}

/** A `chat.completion` body. */
export function completion(
  model: string,
  content: string | null,
  refusal: string | null,
  finishReason: string | undefined,
  usage: FakeUsage | "omit",
): Record<string, unknown> {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 0,
    model,
    choices: [{
      index: 0,
      message: { role: "assistant", content, refusal },
      finish_reason: finishReason ?? "stop",
      logprobs: null,
    }],
    ...(usage === "omit" ? {} : {
      usage: {
        prompt_tokens: usage.promptTokens,
        completion_tokens: usage.completionTokens,
        total_tokens: usage.promptTokens + usage.completionTokens,
        ...(usage.cachedTokens === undefined
          ? {}
          : { prompt_tokens_details: { cached_tokens: usage.cachedTokens } }),
      },
    }),
  };
}

/** Usage from a chars/4 count of the prompt and the answer. */
export function estimateUsage(request: FakeRequest, text: string): FakeUsage {
  const messages = (request.body as { messages?: { content?: unknown }[] } | undefined)?.messages;
  const promptChars = (messages ?? []).reduce(
    (sum, message) => sum + String(message.content ?? "").length,
    0,
  );
  return {
    promptTokens: Math.max(1, Math.ceil(promptChars / 4)),
    completionTokens: Math.max(1, Math.ceil(text.length / 4)),
  };
}

/** An error body in OpenAI's shape. */
export function errorBody(
  message: string,
  code: string | null = null,
  param: string | null = null,
  type = "fake_error",
): Record<string, unknown> {
  return { error: { message, type, param, code } };
}
