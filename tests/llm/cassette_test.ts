import assert from "node:assert/strict";
import { wireFormat } from "../../lib/llm/presets.ts";
import { CallCache } from "../../lib/llm/call_cache.ts";
import {
  cassetteText,
  exportCassette,
  importCassette,
  parseCassette,
} from "../../lib/llm/cassette.ts";
import { sampleEntry } from "./_llm_fixtures.ts";

Deno.test("export then import reproduces every entry, and re-export is byte-identical", async () => {
  const source = new CallCache(":memory:");
  source.put(sampleEntry("f".repeat(64), "zeta"));
  source.put({ ...sampleEntry("0".repeat(64), "alpha\nwith newline"), dryRun: true });
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  assert.equal(await exportCassette(source, path), 2);
  const text = await Deno.readTextFile(path);
  assert.equal(text.split("\n").filter(Boolean).length, 2);
  assert.ok(text.indexOf("alpha") < text.indexOf("zeta"), "lines are sorted by key");
  assert.ok(!text.includes("createdAt"), "no timestamps, so re-recording diffs cleanly");

  const target = new CallCache(":memory:");
  assert.equal(await importCassette(target, path), 2);
  for (const entry of source.entries()) {
    const { createdAt: _a, ...expected } = entry;
    const { createdAt: _b, ...actual } = target.get(entry.key)!;
    assert.deepEqual(actual, expected);
  }
  assert.equal(cassetteText(target.entries()), text);
  source.close();
  target.close();
  await Deno.remove(path);
});

Deno.test("a malformed cassette names each bad line and loads nothing", async () => {
  const good = cassetteText([sampleEntry("a".repeat(64))]);
  const bad = JSON.stringify({ ...sampleEntry("b".repeat(64)), key: "short" });
  const outcome = parseCassette(`${good}not json\n${bad}\n`);
  assert.equal(outcome.ok, false);
  if (outcome.ok) return;
  assert.ok(outcome.issues.some((issue) => issue.startsWith("line 2: not JSON")));
  assert.ok(outcome.issues.some((issue) => issue.startsWith("line 3: key:")));
  const path = await Deno.makeTempFile({ suffix: ".jsonl" });
  await Deno.writeTextFile(path, `${good}not json\n`);
  const cache = new CallCache(":memory:");
  await assert.rejects(() => importCassette(cache, path), SyntaxError);
  assert.equal(cache.size(), 0);
  cache.close();
  await Deno.remove(path);
});

Deno.test("a cassette keeps the wire settings of calls made with a provider preset", () => {
  const { createdAt: _, ...entry } = sampleEntry("a".repeat(64), "answer");
  const request = {
    ...entry.request,
    wire: wireFormat("vllm"),
    reasoningEffort: "low",
    thinking: false,
  };
  const parsed = parseCassette(cassetteText([{ ...entry, request }]));
  assert.ok(parsed.ok, parsed.ok ? "" : parsed.issues.join("\n"));
  assert.deepEqual(parsed.value[0].request, request);
});
