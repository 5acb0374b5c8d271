/**
 * The fake OpenAI server of the fault campaign (`deno task chaos`): answers every role in shape
 * and deterministically from the request body (the model name says the role), and injects every
 * fault class on a seeded schedule. Transport faults (429 with `retry-after`, 500, 503, hangs,
 * resets, malformed bodies) are drawn per (request body, attempt), so they never change an answer;
 * truncation (`finish_reason: length`) is drawn per request body, so an answer is cut or not
 * whatever happened before. Successful answers are counted per body and per segment, so a
 * campaign can tell whether a resumed process asked again for an answer it already had.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { type FakeOpenAiServer, type FakeReply, startFakeOpenAi } from "./fake_openai_server.ts";

/** The fault classes the campaign injects. */
export const CHAOS_FAULTS = [
  "429",
  "500",
  "503",
  "hang",
  "reset",
  "malformed",
  "length",
] as const;

/** One fault class. */
export type ChaosFault = typeof CHAOS_FAULTS[number];

/** Options of {@linkcode startChaosServer}. */
export interface ChaosServerOptions {
  /** Share of requests that get a fault, spread evenly over the classes (default 0.2). */
  faultRate?: number;
  /** Seed of the fault schedule and of the answers (default 1). */
  seed?: number;
  /** The API key requests must carry. */
  apiKey: string;
  /** Latency before every answer: fixed ms plus seeded jitter (default 5 + [0, 40)). */
  latency?: { fixedMs: number; jitterMs: number };
}

/** A running chaos server. */
export interface ChaosServer {
  /** Base URL with `/v1`. */
  readonly url: string;
  /** The underlying fake server. */
  readonly fake: FakeOpenAiServer;
  /** Faults injected so far, by class. */
  readonly faults: Record<ChaosFault, number>;
  /** Successful answers (including truncated ones) per body key in the current segment. */
  readonly delivered: Map<string, number>;
  /** Starts a new segment: clears `delivered`; `resetAttempts` also restarts the fault schedule. */
  newSegment(options?: { resetAttempts?: boolean }): void;
  /** Stops the server. */
  close(): Promise<void>;
}

/**
 * The identity of a request body as the server sees it: model and messages (role and content).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bodyKey } from "./chaos_server.ts";
 * const a = bodyKey("m", [{ role: "user", content: "hi" }]);
 * assert.ok(a === bodyKey("m", [{ role: "user", content: "hi" }]) && a !== bodyKey("n", []));
 * ```
 */
export function bodyKey(
  model: string,
  messages: readonly { role: string; content: unknown }[],
): string {
  const material = JSON.stringify([model, messages.map((m) => [m.role, String(m.content)])]);
  return createHash("sha256").update(material).digest("hex");
}

/**
 * Starts the chaos server on 127.0.0.1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { startChaosServer } from "./chaos_server.ts";
 * const server = await startChaosServer({ apiKey: "k", faultRate: 0 });
 * const response = await fetch(`${server.url}/chat/completions`, {
 *   method: "POST", headers: { authorization: "Bearer k" },
 *   body: JSON.stringify({ model: "chaos-loss", messages: [{ role: "user", content: "?" }] }),
 * });
 * const body = await response.json();
 * assert.ok(body.choices[0].message.content.length > 0 && server.delivered.size === 1);
 * await server.close();
 * ```
 */
export async function startChaosServer(options: ChaosServerOptions): Promise<ChaosServer> {
  const rate = options.faultRate ?? 0.2;
  const seed = options.seed ?? 1;
  const faults = Object.fromEntries(CHAOS_FAULTS.map((f) => [f, 0])) as Record<ChaosFault, number>;
  const attempts = new Map<string, number>();
  const delivered = new Map<string, number>();
  const transport = CHAOS_FAULTS.filter((f) => f !== "length");
  const respond = (request: { body: unknown }): FakeReply => {
    const body = request.body as {
      model?: string;
      messages?: { role: string; content: unknown }[];
    };
    const model = body?.model ?? "";
    const messages = body?.messages ?? [];
    const key = bodyKey(model, messages);
    const attempt = attempts.get(key) ?? 0;
    attempts.set(key, attempt + 1);
    const u = unit(`${seed}|transport|${key}|${attempt}`);
    const transportRate = rate * transport.length / CHAOS_FAULTS.length;
    if (u < transportRate) {
      const fault = transport[Math.min(transport.length - 1, Math.floor(u / transportRate * 6))];
      faults[fault]++;
      return transportReply(fault);
    }
    const text = answer(model, messages, seed);
    delivered.set(key, (delivered.get(key) ?? 0) + 1);
    if (unit(`${seed}|length|${key}`) < rate / CHAOS_FAULTS.length) {
      faults.length++;
      return {
        kind: "text",
        text: text.slice(0, Math.max(1, text.length >> 1)),
        finishReason: "length",
      };
    }
    return { kind: "text", text };
  };
  const fake = await startFakeOpenAi({
    apiKey: options.apiKey,
    respond,
    latency: { ...(options.latency ?? { fixedMs: 5, jitterMs: 40 }), seed },
    model: "chaos",
  });
  return {
    url: fake.url,
    fake,
    faults,
    delivered,
    newSegment(segment = {}) {
      delivered.clear();
      if (segment.resetAttempts) attempts.clear();
    },
    close: () => fake.close(),
  };
}

function transportReply(fault: ChaosFault): FakeReply {
  switch (fault) {
    case "429":
      return { kind: "status", status: 429, retryAfter: "1", retryAfterMs: 200 };
    case "500":
      return { kind: "status", status: 500 };
    case "503":
      return { kind: "status", status: 503 };
    case "hang":
      return { kind: "hang" };
    case "reset":
      return { kind: "reset" };
    default:
      return { kind: "malformed" };
  }
}

const CRITERIA = ["fluency", "relevance", "coherence", "consistency"];

/** A deterministic answer in the shape the role (named by the model) expects. */
function answer(model: string, messages: { role: string; content: unknown }[], seed: number) {
  const key = bodyKey(model, messages);
  const pick = (salt: string, n: number) => Math.floor(unit(`${seed}|${salt}|${key}`) * n);
  const all = messages.map((m) => String(m.content)).join("\n");
  switch (model) {
    case "chaos-judge":
      return JSON.stringify(Object.fromEntries(CRITERIA.map((c) => [c, 1 + pick(c, 5)])));
    case "chaos-loss":
      return `The prediction is off by ${pick("off", 3)} point(s); ` +
        `the judge under-weighted ${CRITERIA[pick("c", 4)]} cues in this summary.`;
    case "chaos-gradient":
      return `What works: the rubric is clear.\n\nWhat caused errors: the scale anchors are ` +
        `vague (${pick("g", 100)}).\n\nFixes: describe score ${1 + pick("s", 5)} concretely.`;
    default: {
      const instruction = (c: string) =>
        `Rate ${c} from 1 to 5; penalise each ${c} problem once (v${pick(c, 1000)}).`;
      if (all.includes('"instructions"')) {
        return JSON.stringify({
          instructions: Object.fromEntries(CRITERIA.map((c) => [c, instruction(c)])),
        });
      }
      return instruction(CRITERIA[pick("s", 4)]);
    }
  }
}

function unit(text: string): number {
  const hex = createHash("sha256").update(text).digest("hex").slice(0, 12);
  return parseInt(hex, 16) / 2 ** 48;
}
