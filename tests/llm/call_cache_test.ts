import assert from "node:assert/strict";
import { CallCache } from "../../lib/llm/call_cache.ts";
import { sampleEntry } from "./_llm_fixtures.ts";

Deno.test("a file cache keeps answers across reopening, in WAL mode", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/calls.sqlite`;
  const first = new CallCache(path);
  first.put(sampleEntry("b".repeat(64)));
  first.put(sampleEntry("a".repeat(64), "other"));
  first.close();
  const again = new CallCache(path);
  assert.deepEqual(again.get("b".repeat(64)), sampleEntry("b".repeat(64)));
  assert.deepEqual(again.entries().map((entry) => entry.text), ["other", "answer"]);
  again.close();
  const { DatabaseSync } = await import("node:sqlite");
  const raw = new DatabaseSync(path);
  const mode = raw.prepare("PRAGMA journal_mode").get() as { journal_mode: string };
  raw.close();
  assert.equal(mode.journal_mode, "wal");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("put overwrites, delete removes, size counts", () => {
  const cache = new CallCache(":memory:");
  const key = "c".repeat(64);
  cache.put(sampleEntry(key, "old"));
  cache.put({ ...sampleEntry(key, "new"), dryRun: true });
  assert.equal(cache.size(), 1);
  assert.equal(cache.get(key)?.text, "new");
  assert.equal(cache.get(key)?.dryRun, true);
  assert.equal(cache.delete(key), true);
  assert.equal(cache.delete(key), false);
  assert.equal(cache.get(key), undefined);
  cache.close();
});

Deno.test("two handles on one file see each other's writes once committed", async () => {
  const path = await Deno.makeTempFile({ suffix: ".sqlite" });
  const writer = new CallCache(path);
  const reader = new CallCache(path);
  writer.put(sampleEntry("d".repeat(64)));
  assert.equal(writer.get("d".repeat(64))?.text, "answer", "the writer sees its put at once");
  // Puts of one event-loop turn are committed together when the turn ends.
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(reader.get("d".repeat(64))?.text, "answer");
  writer.put(sampleEntry("e".repeat(64)));
  writer.flush();
  assert.equal(reader.get("e".repeat(64))?.text, "answer", "flush() commits at once");
  writer.close();
  reader.close();
  await Deno.remove(path);
});
