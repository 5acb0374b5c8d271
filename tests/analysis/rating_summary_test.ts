import assert from "node:assert/strict";
import { summarizeRatings } from "../../lib/analysis/rating_summary.ts";
import type { RatingRow } from "../../lib/experiment/diagnostic_rows.ts";
import { seededRandom } from "../../lib/random.ts";
import { runRow } from "./_rows.ts";

const runs = ["Single", "SSS", "SSC", "SCC", "CCC"].flatMap((mode) =>
  ["mae", "none"].map((gate) => runRow(mode, gate, 1))
);
const rate = (mode: string, gate: string, criterion: string, rating: number | null): RatingRow => ({
  runId: runRow(mode, gate, 1).runId,
  step: 1,
  criterion,
  kind: "specificity",
  rating,
  prompt: "",
  raw: rating === null ? "eleven" : String(rating),
  callKey: null,
  dryRun: true,
});

// Planted: per-task modes rate 9 on average, combined ones 3.5/4; one unparseable rating.
const ratings: RatingRow[] = [
  rate("Single", "mae", "a", 9),
  rate("Single", "none", "b", 9),
  rate("SSS", "mae", "a", 10),
  rate("SSS", "none", "b", 8),
  rate("SSC", "mae", "a", 9),
  rate("SSC", "none", "b", 9),
  rate("SCC", "mae", "a", 4),
  rate("SCC", "none", "b", 3),
  rate("CCC", "mae", "a", 4),
  rate("CCC", "none", "b", 4),
  rate("CCC", "none", "a", null),
];

Deno.test("ratings: per-task vs combined drop as the paper computes it (mean of mode means)", () => {
  const report = summarizeRatings(ratings, runs, { random: seededRandom(7), resamples: 400 });
  const all = report.drops.find((d) => d.gate === "all")!;
  assert.equal(all.perTask, 9);
  assert.equal(all.combined, 3.75);
  assert.ok(Math.abs(all.dropPercent - 100 * (1 - 3.75 / 9)) < 1e-12);
  assert.ok(all.low <= all.dropPercent && all.dropPercent <= all.high);
  assert.ok(all.low > 45 && all.high < 70, `CI [${all.low}, ${all.high}] stays near the drop`);
  assert.deepEqual(all.modes, { perTask: ["Single", "SSS", "SSC"], combined: ["SCC", "CCC"] });
  // per gate: mae has per-task 9.33 (9, 10, 9) and combined 4
  const mae = report.drops.find((d) => d.gate === "mae")!;
  assert.ok(Math.abs(mae.dropPercent - 100 * (1 - 4 / (28 / 3))) < 1e-12);
  assert.equal(report.excluded, 1, "the unparseable rating is counted");
});

Deno.test("ratings: groups per mode, gate and criterion, excluded ratings never scored", () => {
  const report = summarizeRatings(ratings, runs, { random: seededRandom(7), resamples: 200 });
  const group = (mode: string, gate: string, criterion: string) =>
    report.groups.find((g) => g.mode === mode && g.gate === gate && g.criterion === criterion)!;
  const ccc = group("CCC", "all", "all");
  assert.equal(ccc.mean, 4);
  assert.equal(ccc.n, 2);
  assert.equal(ccc.excluded, 1);
  assert.equal(group("CCC", "none", "a").n, 0);
  assert.ok(Number.isNaN(group("CCC", "none", "a").mean));
  const sss = group("SSS", "all", "all");
  assert.equal(sss.std, Math.SQRT2);
  assert.ok(sss.low >= 8 && sss.high <= 10);
  assert.equal(group("SSS", "mae", "a").mean, 10);
});

Deno.test("ratings: bootstrap intervals are reproducible from the seed", () => {
  const a = summarizeRatings(ratings, runs, { random: seededRandom(3), resamples: 100 });
  const b = summarizeRatings(ratings, runs, { random: seededRandom(3), resamples: 100 });
  assert.deepEqual(a, b);
});
