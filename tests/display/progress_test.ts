import assert from "node:assert/strict";
import {
  formatProgress,
  inJupyter,
  jupyterProgressSink,
  ProgressReporter,
  type ProgressSnapshot,
} from "../../lib/display/progress.ts";

const call = { cached: false, failed: false, inputTokens: 100, outputTokens: 20, costUsd: 0.01 };

Deno.test("the reporter counts calls, hits, failures, tokens, dollars and ETA", () => {
  let clock = 0;
  const progress = new ProgressReporter({ output: "silent", now: () => clock });
  progress.addTotal(3);
  progress.addTotal(1);
  clock = 1000;
  progress.record(call);
  clock = 2000;
  progress.record({ ...call, cached: true, inputTokens: 0, outputTokens: 0, costUsd: 0 });
  progress.record({ ...call, failed: true, inputTokens: 0, outputTokens: 0, costUsd: 0 });
  const snapshot = progress.snapshot();
  assert.equal(snapshot.done, 3);
  assert.equal(snapshot.total, 4);
  assert.equal(snapshot.cacheHits, 1);
  assert.equal(snapshot.failures, 1);
  assert.equal(snapshot.inputTokens + snapshot.outputTokens, 120);
  assert.equal(snapshot.costUsd, 0.01);
  assert.equal(Math.round(snapshot.etaMs!), Math.round(2000 / 3));
});

Deno.test("draws are throttled, and finish draws the final state exactly once", () => {
  let clock = 0;
  const draws: [ProgressSnapshot, boolean][] = [];
  const progress = new ProgressReporter({
    output: { render: (snapshot, final) => draws.push([snapshot, final]) },
    throttleMs: 100,
    now: () => clock,
  });
  for (let i = 0; i < 10; i++) {
    clock += 30;
    progress.record(call);
  }
  assert.ok(draws.length >= 2 && draws.length <= 4, `${draws.length} draws`);
  progress.finish();
  progress.finish();
  assert.equal(draws.filter(([, final]) => final).length, 1);
  assert.equal(draws.at(-1)![0].done, 10);
});

Deno.test("the line shows a bar, counts, dollars and a DRY RUN label for synthetic runs", () => {
  const snapshot: ProgressSnapshot = {
    label: "SSS run 1",
    done: 5,
    total: 10,
    cacheHits: 2,
    failures: 1,
    retries: 4,
    inputTokens: 12_000,
    outputTokens: 345,
    costUsd: 0.1234,
    elapsedMs: 10_000,
    etaMs: 65_000,
    dryRun: false,
  };
  const line = formatProgress(snapshot, 10);
  assert.equal(
    line,
    "SSS run 1 ▕█████░░░░░▏ 5/10 50% | hits 2 | fail 1 | retries 4 | 12.3k tok | $0.1234 | ETA 1m05s",
  );
  const dry = formatProgress({ ...snapshot, dryRun: true, total: undefined, etaMs: undefined });
  assert.ok(dry.startsWith("DRY RUN — synthetic | SSS run 1 5 |"));
  assert.ok(dry.includes("(est.)"));
});

Deno.test("outside a Jupyter kernel, inJupyter is false and auto output draws nothing", () => {
  assert.equal(inJupyter(), false);
  const progress = new ProgressReporter({ output: "silent" });
  progress.record(call);
  progress.finish();
});

Deno.test("in Jupyter the first draw creates a display and later draws update it", () => {
  const sent: { bundle: Record<string, string>; options: Record<string, unknown> }[] = [];
  const sink = jupyterProgressSink((bundle, options) => {
    sent.push({ bundle, options });
    return Promise.resolve();
  });
  const progress = new ProgressReporter({ output: sink, throttleMs: 0, total: 2, dryRun: true });
  progress.record(call);
  progress.record(call);
  progress.finish();
  assert.equal(sent.length, 3);
  assert.deepEqual(sent.map((s) => s.options.update), [false, true, true]);
  assert.equal(new Set(sent.map((s) => s.options.display_id)).size, 1);
  assert.ok(sent.every((s) => s.options.raw === true));
  assert.match(sent[2].bundle["text/plain"], /^DRY RUN — synthetic .* 2\/2 100%/);
  assert.match(sent[2].bundle["text/html"], /<progress value="2" max="2"/);
});

Deno.test("interrupt clears the drawn bar before log lines and redraws it after", () => {
  const events: string[] = [];
  const progress = new ProgressReporter({
    throttleMs: 0,
    output: {
      render: (snapshot, final) => events.push(`render ${snapshot.done}${final ? " final" : ""}`),
      clear: () => events.push("clear"),
    },
  });
  progress.interrupt(() => events.push("log before any draw"));
  progress.record({ cached: false, failed: false, inputTokens: 1, outputTokens: 1, costUsd: 0 });
  progress.interrupt(() => events.push("log"));
  progress.finish();
  progress.interrupt(() => events.push("log after finish"));
  assert.deepEqual(events, [
    "log before any draw",
    "render 1",
    "clear",
    "log",
    "render 1",
    "render 1 final",
    "log after finish",
  ]);
});
