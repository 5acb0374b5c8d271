/**
 * Provider personas for the fake OpenAI server: responders that check requests and answer the
 * way a real kind of endpoint documents it, so the provider presets can be tested offline.
 *
 * - `openai-reasoning`: OpenAI's o-series / gpt-5. A 400 in OpenAI's error shape for `max_tokens`
 *   (`unsupported_parameter`), for a temperature other than 1 (`unsupported_value`) and for an
 *   unknown `reasoning_effort`; answers report `completion_tokens_details.reasoning_tokens`.
 * - `thinking-inline`: Qwen3 on a server without a reasoning parser: content starts with a
 *   `<think>` block whose reasoning holds braces; with thinking off (`chat_template_kwargs:
 *   { enable_thinking: false }` or a trailing `/no_think`) the block is empty, as Qwen3's is.
 * - `thinking-field`: the same model behind vLLM's reasoning parser: reasoning in
 *   `reasoning_content`, content clean.
 * - `strict-schema`: an endpoint that rejects a `json_schema` response format unless it is strict
 *   (`strict: true`, `additionalProperties: false`, every property required), and then answers
 *   only with values the schema allows (constrained decoding). Unconstrained answers are
 *   malformed at a planted, seeded rate.
 *
 * @module
 */
import { seededRandom } from "../random.ts";
import type { FakeReply, FakeRequest } from "./fake_openai_server.ts";

/** The personas. */
export const PERSONAS = [
  "openai-reasoning",
  "thinking-inline",
  "thinking-field",
  "strict-schema",
] as const;

/** A persona name. */
export type PersonaName = typeof PERSONAS[number];

/** Options of {@linkcode providerPersona}. */
export interface PersonaOptions {
  /** The answer content for a valid request (role-shaped answers in tests). Default `"ok"`. */
  answer?: (request: FakeRequest) => string;
  /** `strict-schema`: share of unconstrained answers that are malformed, in [0, 1]. Default 0.25. */
  malformedRate?: number;
  /** Seed of the persona's random choices (drawn per request, so order does not matter). */
  seed?: number;
}

interface ChatBody {
  messages?: { role?: string; content?: string }[];
  temperature?: number;
  max_tokens?: number;
  reasoning_effort?: string;
  chat_template_kwargs?: { enable_thinking?: boolean };
  response_format?: {
    type?: string;
    json_schema?: { name?: string; schema?: unknown; strict?: unknown };
  };
}

const OPENAI_EFFORTS = ["minimal", "low", "medium", "high"];

/**
 * A `respond` function for `startFakeOpenAi` that behaves as the named persona.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { startFakeOpenAi } from "./fake_openai_server.ts";
 * import { providerPersona } from "./provider_personas.ts";
 * const server = await startFakeOpenAi({ respond: providerPersona("openai-reasoning") });
 * const response = await fetch(`${server.url}/chat/completions`, {
 *   method: "POST",
 *   body: JSON.stringify({ model: "o3", max_tokens: 9, messages: [{ role: "user", content: "hi" }] }),
 * });
 * const body = await response.json();
 * assert(response.status === 400 && body.error.code === "unsupported_parameter");
 * await server.close();
 * ```
 */
export function providerPersona(
  name: PersonaName,
  options: PersonaOptions = {},
): (request: FakeRequest) => FakeReply {
  const answer = options.answer ?? (() => "ok");
  const draw = (request: FakeRequest, salt: string) =>
    seededRandom(`${options.seed ?? 0}|${salt}|${JSON.stringify(request.body)}`).next();
  return (request) => {
    const body = (request.body ?? {}) as ChatBody;
    switch (name) {
      case "openai-reasoning":
        return openAiReasoning(body) ??
          {
            kind: "text",
            text: answer(request),
            reasoningTokens: 16 + Math.floor(draw(request, "r") * 112),
          };
      case "thinking-inline":
        return thinkingOff(body)
          ? `<think>\n\n</think>\n\n${answer(request)}`
          : `<think>\n${REASONING}\n</think>\n\n${answer(request)}`;
      case "thinking-field":
        return thinkingOff(body) ? answer(request) : {
          kind: "text",
          text: answer(request),
          reasoning: { field: "reasoning_content", text: REASONING },
        };
      case "strict-schema":
        return strictSchema(body, request, answer, options.malformedRate ?? 0.25, draw);
    }
  };
}

/** Reasoning with braces and numbers: a JSON extractor that scans it picks up the wrong object. */
const REASONING = 'Let me think. A first guess would be {"coherence": 1, "fluency": 1} but the ' +
  "summary is better than that; I will check every criterion {again} before answering.";

function invalid(message: string, param: string, code: string): FakeReply {
  return { kind: "status", status: 400, message, param, code, type: "invalid_request_error" };
}

function openAiReasoning(body: ChatBody): FakeReply | undefined {
  if (body.max_tokens !== undefined) {
    return invalid(
      "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
      "max_tokens",
      "unsupported_parameter",
    );
  }
  if (body.temperature !== undefined && body.temperature !== 1) {
    return invalid(
      `Unsupported value: 'temperature' does not support ${body.temperature} with this model. Only the default (1) value is supported.`,
      "temperature",
      "unsupported_value",
    );
  }
  if (body.reasoning_effort !== undefined && !OPENAI_EFFORTS.includes(body.reasoning_effort)) {
    return invalid(
      `Unsupported value: 'reasoning_effort' does not support '${body.reasoning_effort}' with this model.`,
      "reasoning_effort",
      "unsupported_value",
    );
  }
  return undefined;
}

function thinkingOff(body: ChatBody): boolean {
  if (body.chat_template_kwargs?.enable_thinking === false) return true;
  const users = (body.messages ?? []).filter((m) => m.role === "user");
  return (users.at(-1)?.content ?? "").trimEnd().endsWith("/no_think");
}

function strictSchema(
  body: ChatBody,
  request: FakeRequest,
  answer: (request: FakeRequest) => string,
  malformedRate: number,
  draw: (request: FakeRequest, salt: string) => number,
): FakeReply {
  const format = body.response_format;
  if (format?.type === "json_schema") {
    const schema = format.json_schema?.schema as Record<string, unknown> | undefined;
    const properties = (schema?.properties ?? {}) as Record<string, { enum?: unknown[] }>;
    const required = Array.isArray(schema?.required) ? schema.required : [];
    const strict = format.json_schema?.strict === true && schema?.additionalProperties === false &&
      Object.keys(properties).every((key) => required.includes(key));
    if (!strict) {
      return invalid(
        `Invalid schema for response_format '${format.json_schema?.name ?? ""}': this endpoint ` +
          "requires strict: true, additionalProperties: false and every property required.",
        "response_format",
        "invalid_json_schema",
      );
    }
    // Constrained decoding: only values the schema allows.
    const value = Object.fromEntries(
      Object.entries(properties).map(([key, property]) => {
        const options = property.enum ?? [null];
        return [key, options[Math.floor(draw(request, key) * options.length)]];
      }),
    );
    return JSON.stringify(value);
  }
  if (draw(request, "malformed") < malformedRate) {
    return MALFORMED[Math.floor(draw(request, "m") * 3)];
  }
  return answer(request);
}

/** Unusable judge answers a free-text model gives now and then. */
const MALFORMED = [
  "The summary is fluent and mostly faithful; I would rate it highly overall.",
  '{"coherence": 4, "consistency": 5, "fluency": 7, "relevance": 3}',
  '{"coherence": 4, "fluency": 3}',
];
