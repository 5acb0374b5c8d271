import assert from "node:assert/strict";
import { askStructured, askUntilValid } from "../../lib/llm/ask_until_valid.ts";
import { LengthError, RefusalError } from "../../lib/llm/errors.ts";
import type { ChatRequest, ChatResult, CompleteOptions } from "../../lib/llm/types.ts";
import type { ParseOutcome } from "../../lib/schema.ts";

function reply(text: string, finishReason = "stop"): ChatResult {
  return {
    text,
    finishReason,
    model: "m",
    cached: false,
    dryRun: false,
    key: text,
    usage: { inputTokens: 1, outputTokens: 1, estimated: false },
  };
}

/** A gateway answering from a script; an Error in the script is thrown. */
function scripted(answers: (ChatResult | Error)[]) {
  const sent: { request: ChatRequest; options?: CompleteOptions }[] = [];
  const llm = {
    complete(request: ChatRequest, options?: CompleteOptions): Promise<ChatResult> {
      sent.push({ request, options });
      const next = answers.shift()!;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
  return { llm, sent };
}

/** Numbers in a comma list; complete only with two of them. */
const parse = (text: string): ParseOutcome<number[]> =>
  /^\d+(,\d+)*$/.test(text)
    ? { ok: true, value: text.split(",").map(Number) }
    : { ok: false, issues: ["not a list"] };
const complete = (v: number[]) => v.length === 2 ? [] : ["need two numbers"];
const base: ChatRequest = { role: "judge", messages: [{ role: "user", content: "Two numbers." }] };

Deno.test("by default a re-ask extends the conversation and keeps an incomplete parsed answer", async () => {
  const { llm, sent } = scripted([reply("1"), reply("what?"), reply("still no")]);
  const outcome = await askUntilValid(llm, base, parse, { complete });
  assert.deepEqual(outcome.value, [1]);
  assert.deepEqual(outcome.issues, ["need two numbers"]);
  assert.equal(outcome.attempts, 3);
  assert.deepEqual(sent.map((s) => s.request.messages.length), [1, 3, 5]);
  assert.equal(sent[1].request.messages[1].content, "1");
  assert.ok(sent[1].request.messages[2].content.includes("need two numbers"));
});

Deno.test("keepIncomplete false reports the last answer", async () => {
  const { llm } = scripted([reply("1"), reply("what?")]);
  const outcome = await askUntilValid(llm, base, parse, {
    complete,
    reask: 1,
    keepIncomplete: false,
  });
  assert.equal(outcome.value, undefined);
  assert.equal(outcome.raw, "what?");
});

Deno.test("followUp resend sends the original prompt again, labelled when asked", async () => {
  const { llm, sent } = scripted([reply("x"), reply("3,4")]);
  const outcome = await askUntilValid(llm, { ...base, label: "opt" }, parse, {
    followUp: "resend",
    labelReasks: true,
  });
  assert.deepEqual(outcome.value, [3, 4]);
  assert.deepEqual(sent[1].request.messages, base.messages);
  assert.equal(sent[1].request.label, "opt (re-ask 1)");
});

Deno.test("truncated answers: re-asked by default (thrown or returned), parsed under accept", async () => {
  const cut = new LengthError("cut", { partialText: "5,6" });
  const thrown = scripted([cut, reply("5,6")]);
  const a = await askUntilValid(thrown.llm, base, parse);
  assert.equal(a.attempts, 2);
  assert.equal(thrown.sent[1].request.messages[1].content, "5,6");
  const returned = scripted([reply("5,6", "length"), reply("7,8")]);
  const b = await askUntilValid(returned.llm, base, parse);
  assert.deepEqual(b.value, [7, 8]);
  const accepted = scripted([reply("5,6", "length")]);
  const c = await askUntilValid(accepted.llm, base, parse, { truncated: "accept" });
  assert.deepEqual(c.value, [5, 6]);
  assert.equal(c.attempts, 1);
  assert.equal(accepted.sent[0].options?.acceptTruncated, true);
});

Deno.test("refusals are failed attempts by default and propagate under refusals: throw", async () => {
  const refused = scripted([new RefusalError("no"), reply("1,2")]);
  const outcome = await askUntilValid(refused.llm, base, parse);
  assert.deepEqual(outcome.value, [1, 2]);
  assert.equal(refused.sent[1].request.messages[1].content, "");
  const strict = scripted([new RefusalError("no")]);
  await assert.rejects(
    askUntilValid(strict.llm, base, parse, { refusals: "throw" }),
    RefusalError,
  );
});

Deno.test("askStructured is the same loop: a refusal propagates, a cut answer asks for shorter", async () => {
  await assert.rejects(
    askStructured(() => Promise.reject(new RefusalError("no")), base, { parse, reask: 2 }),
    RefusalError,
  );
  const answers = [reply("1,2,3", "length"), reply("1,2")];
  const sent: ChatRequest[] = [];
  const result = await askStructured(
    (r) => {
      sent.push(r);
      return Promise.resolve(answers.shift()!);
    },
    base,
    { parse, reask: 1 },
  );
  assert.ok(result.ok && result.attempts === 2);
  assert.ok(sent[1].messages[2].content.includes("answer much shorter"));
  assert.equal(sent[1].label, "judge (re-ask 1)");
});
