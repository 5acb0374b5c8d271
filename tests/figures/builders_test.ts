import assert from "node:assert/strict";
import { mainTable } from "../../lib/analysis/main_table.ts";
import { noiseBand } from "../../lib/analysis/noise_band.ts";
import { PAPER_SPECIFICITY } from "../../lib/analysis/paper_reference.ts";
import { summarizeRatings } from "../../lib/analysis/rating_summary.ts";
import { trajectories } from "../../lib/analysis/trajectories.ts";
import type { RatingRow } from "../../lib/experiment/diagnostic_rows.ts";
import {
  adherenceFigure,
  FIGURE_DRY_RUN_MARK,
  lengthShareFigure,
  lengthTrajectoryFigure,
  mainTableFigure,
  paperReferenceFigures,
  specificityByCriterionFigure,
  specificityByModeFigure,
  trajectoriesFigure,
} from "../../lib/figures/mod.ts";
import type { FigureSpec } from "../../lib/figures/types.ts";
import { seededRandom } from "../../lib/random.ts";
import { metricRows, runRow } from "../analysis/_rows.ts";

const trace = (figure: FigureSpec, name: string) => {
  const found = figure.data.find((t) => t.name === name);
  assert.ok(found, `no trace "${name}" in ${figure.data.map((t) => t.name).join(", ")}`);
  return found;
};
const marked = (figure: FigureSpec) =>
  (figure.layout.annotations as { text: string }[]).some((a) => a.text === FIGURE_DRY_RUN_MARK) &&
  String((figure.layout.title as { text: string }).text).startsWith(FIGURE_DRY_RUN_MARK);

const runs = ["SSS", "CCC"].map((mode) => runRow(mode, "mae", 1));
const ratings: RatingRow[] = [
  ["SSS", "a", 9],
  ["SSS", "b", 8],
  ["CCC", "a", 4],
  ["CCC", "b", 2],
].map(([mode, criterion, rating]) => ({
  runId: runRow(String(mode), "mae", 1).runId,
  step: 1,
  criterion: String(criterion),
  kind: "specificity" as const,
  rating: Number(rating),
  prompt: "",
  raw: "",
  callKey: null,
  dryRun: true,
}));
const report = summarizeRatings(ratings, runs, { random: seededRandom(1), resamples: 50 });

Deno.test("figures: specificity bars are this run's mode means, the paper's values beside them", () => {
  const figure = specificityByModeFigure(report, { dryRun: true });
  const bars = trace(figure, "this run (mean, 95% CI)");
  assert.deepEqual(bars.x, ["SSS", "CCC"]);
  assert.deepEqual(bars.y, [8.5, 3]);
  const paper = figure.data.find((t) => String(t.name).startsWith("paper"))!;
  assert.deepEqual(paper.y, [
    PAPER_SPECIFICITY.byMode.SSS.value,
    PAPER_SPECIFICITY.byMode.CCC.value,
  ]);
  assert.match(String((figure.layout.title as { text: string }).text), /drop 65%/);
  assert.ok(marked(figure), "dry-run data carries the mark in the image");
  assert.ok(!marked(specificityByModeFigure(report, { dryRun: false })));
  const perCriterion = specificityByCriterionFigure(report, { dryRun: false });
  assert.deepEqual(trace(perCriterion, "CCC").y, [4, 2]);
  assert.deepEqual(trace(adherenceFigure(report, { dryRun: false }), "gate mae").y, [8.5, 3]);
});

Deno.test("figures: trajectories panel per mode with noise band, HVI axis and paper markers", () => {
  const ts = trajectories([
    { run: runRow("SSS", "mae", 1), metrics: metricRows([{ a: 0.2 }, { a: 0.4 }]) },
    { run: runRow("CCC", "mae", 1), metrics: metricRows([{ a: 0.3 }, { a: 0.1 }]) },
  ]);
  const noise = noiseBand([0.25, 0.35].map((v, repeat) => ({
    repeat,
    predictions: [],
    metrics: { a: { spearman: v } },
  })));
  const figure = trajectoriesFigure(ts, { dryRun: true, noise });
  const avg = figure.data.filter((t) => t.name === "avg");
  assert.deepEqual(avg.map((t) => t.y), [[0.2, 0.4], [0.3, 0.1]]);
  assert.deepEqual(avg.map((t) => t.yaxis), ["y", "y3"], "one ρ axis per panel");
  const hvi = figure.data.filter((t) => t.name === "HVI (right axis)");
  assert.deepEqual(hvi.map((t) => t.yaxis), ["y2", "y4"]);
  assert.deepEqual(hvi[0].y, ts[0].hvi);
  assert.equal((figure.layout.yaxis2 as { overlaying: string }).overlaying, "y");
  const band = figure.data.filter((t) => t.fill === "tonexty");
  assert.deepEqual(band[0].y, [0.35, 0.35], "noise band top = the highest repeat");
  const stars = figure.data.filter((t) => t.name === "best avg step");
  assert.deepEqual(stars.map((t) => t.x), [[1], [0]]);
  const paper = figure.data.filter((t) => t.name === "paper best avg ρ");
  assert.deepEqual(paper.map((t) => t.y), [[0.284], [0.296]]);
  assert.ok(marked(figure));
  const table = mainTableFigure(mainTable(ts), { dryRun: false });
  assert.deepEqual(table.data[0].y, [0.2, 0.3]);
  assert.deepEqual(table.data[1].text, ["step 1", "step 0"]);
  const hatch = (table.data[1].marker as { pattern: { shape: string[] } }).pattern.shape;
  assert.deepEqual(hatch, ["", "/"], "never beats step 0: hatched");
});

Deno.test("figures: instruction lengths per step and shares at the last step", () => {
  const point = (step: number, tokens: number, share: number) => ({
    step,
    tokens,
    minTokens: tokens,
    maxTokens: tokens,
    chars: tokens * 4,
    words: tokens,
    share,
  });
  const lengths = [{
    config: "textgrad/SSS/none",
    mode: "SSS",
    gate: "none",
    tokenizers: ["qwen3"],
    criteria: ["fluency", "relevance"],
    perCriterion: {
      fluency: [point(0, 6, 0.5), point(1, 94, 0.94)],
      relevance: [point(0, 6, 0.5), point(1, 6, 0.06)],
    },
  }];
  const figure = lengthTrajectoryFigure(lengths, { dryRun: false });
  assert.deepEqual(trace(figure, "fluency").y, [6, 94]);
  assert.match(String((figure.layout.title as { text: string }).text), /tokenizer qwen3/);
  const paper = figure.data.find((t) => String(t.name).startsWith("paper"))!;
  assert.deepEqual(paper.y, [800, 4]);
  assert.deepEqual(lengthShareFigure(lengths, { dryRun: false }).data.map((t) => t.y), [[0.94], [
    0.06,
  ]]);
});

Deno.test("figures: the paper's reference figures draw the published numbers, unmarked", () => {
  const figures = paperReferenceFigures();
  for (const figure of Object.values(figures)) {
    assert.ok(!marked(figure));
    assert.match(
      String((figure.layout.title as { text: string }).text),
      /^Paper's reported values/,
    );
  }
  const byMode = figures.paper_specificity_by_mode;
  assert.deepEqual(byMode.data[0].y, [8.97, 9.02, 9.03, 3.66, 3.71]);
  assert.match(String((byMode.layout.title as { text: string }).text), /drop 59%/);
  const table = figures.paper_main_table.data[1];
  assert.equal((table.y as number[])[(table.x as string[]).indexOf("CCC/mae")], 0.296);
});
