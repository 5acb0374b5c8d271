/**
 * JSON bodies the fake OpenAI server writes: completions, usage estimates and OpenAI-shaped
 * errors. Internal.
 *
 * @module
 */
import type { FakeRequest, FakeUsage } from "./fake_openai_server.ts";

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
