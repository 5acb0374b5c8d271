import type { ConfigLengths } from "../analysis/length_asymmetry.ts";
import { PAPER_LENGTHS } from "../analysis/paper_reference.ts";
import { criterionColor, finish, finiteOrNull, orderModes, paperMarkers } from "./_style.ts";
import type { FigureOptions, FigureSpec } from "./types.ts";

/** Options of the instruction-length figures. */
export interface LengthFigureOptions extends FigureOptions {
  /** Gate whose configurations are drawn. Default: the first configuration's gate. */
  gate?: string;
}

const axis = (n: number) => (n === 1 ? "" : String(n));

/**
 * Instruction-length trajectories (paper-method §8): one panel per mode, tokens of each
 * criterion's instruction per step (mean over runs, log axis), the tokenizer named in the title;
 * the paper's ≈800 (fluency) and ≈4 (relevance) tokens as grey diamonds at the last step.
 *
 * @param lengths Per-configuration lengths from `lengthAsymmetry()`.
 * @param options Gate, dry-run mark, title.
 * @returns The plotly spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lengthTrajectoryFigure } from "./length_figures.ts";
 * const point = (step: number, tokens: number) => ({ step, tokens, minTokens: tokens,
 *   maxTokens: tokens, chars: 0, words: 0, share: 1 });
 * const figure = lengthTrajectoryFigure([{ config: "textgrad/SSS/none", mode: "SSS",
 *   gate: "none", tokenizers: ["o200k_base"], criteria: ["fluency"],
 *   perCriterion: { fluency: [point(0, 6), point(1, 60)] } }], { dryRun: false, paper: false });
 * assert.deepEqual(figure.data[0].y, [6, 60]);
 * ```
 */
export function lengthTrajectoryFigure(
  lengths: readonly ConfigLengths[],
  options: LengthFigureOptions,
): FigureSpec {
  const gate = options.gate ?? lengths[0]?.gate ?? "none";
  const selected = lengths.filter((l) => l.gate === gate);
  const panels = orderModes(selected.map((l) => l.mode)).map((m) =>
    selected.find((l) => l.mode === m)!
  );
  const data: Record<string, unknown>[] = [];
  const layout: Record<string, unknown> = {};
  const annotations: unknown[] = [];
  const width = 1 / Math.max(panels.length, 1);
  panels.forEach((config, i) => {
    const x = `x${axis(i + 1)}`, y = `y${axis(i + 1)}`;
    config.criteria.forEach((c, k) => {
      const points = config.perCriterion[c];
      data.push({
        type: "scatter",
        mode: "lines+markers",
        name: c,
        legendgroup: c,
        showlegend: i === 0,
        x: points.map((p) => p.step),
        y: points.map((p) => finiteOrNull(p.tokens)),
        text: points.map((p) => `${p.chars.toFixed(0)} chars, ${p.words.toFixed(0)} words`),
        xaxis: x,
        yaxis: y,
        line: { color: criterionColor(c, k) },
      });
    });
    if (options.paper ?? true) {
      const last = Math.max(
        ...config.criteria.flatMap((c) => config.perCriterion[c].map((p) => p.step)),
      );
      const known = config.criteria.filter((c) => PAPER_LENGTHS[c]);
      if (known.length > 0 && Number.isFinite(last)) {
        data.push(paperMarkers(
          "paper (picked instruction, tokenizer not named)",
          known.map(() => last),
          known.map((c) => PAPER_LENGTHS[c].value),
          known.map((c) => `${c}: ${PAPER_LENGTHS[c].note}`),
          { xaxis: x, yaxis: y, showlegend: i === 0, legendgroup: "paper" },
        ));
      }
    }
    const domain = [i * width + (i === 0 ? 0 : 0.025), (i + 1) * width - 0.025];
    layout[`xaxis${axis(i + 1)}`] = { domain, anchor: y, title: { text: "step" }, dtick: 1 };
    layout[`yaxis${axis(i + 1)}`] = {
      anchor: x,
      type: "log",
      title: i === 0 ? { text: "instruction tokens" } : undefined,
    };
    annotations.push({
      text: `<b>${config.mode}</b>`,
      xref: "paper",
      yref: "paper",
      x: (domain[0] + domain[1]) / 2,
      y: 1.04,
      showarrow: false,
      xanchor: "center",
    });
  });
  const tokenizers = [...new Set(selected.flatMap((l) => l.tokenizers))].join(", ");
  return finish(data, { ...layout, annotations, width: Math.max(600, 300 * panels.length) }, {
    dryRun: options.dryRun,
    title: `${options.title ?? "Instruction length per criterion"} · gate ${gate} · tokenizer ${
      tokenizers || "n/a"
    }`,
  });
}

/**
 * Each criterion's share of the instruction tokens at the last step, one stacked bar per
 * multi-criterion configuration (Single runs hold one criterion and are left out).
 *
 * @param lengths Per-configuration lengths from `lengthAsymmetry()`.
 * @param options Dry-run mark, title.
 * @returns The plotly spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lengthShareFigure } from "./length_figures.ts";
 * const point = (share: number) => ({ step: 3, tokens: 1, minTokens: 1, maxTokens: 1,
 *   chars: 1, words: 1, share });
 * const figure = lengthShareFigure([{ config: "textgrad/SSS/none", mode: "SSS", gate: "none",
 *   tokenizers: ["qwen3"], criteria: ["fluency", "relevance"],
 *   perCriterion: { fluency: [point(0.9)], relevance: [point(0.1)] } }], { dryRun: false });
 * assert.deepEqual(figure.data.map((t) => t.y), [[0.9], [0.1]]);
 * ```
 */
export function lengthShareFigure(
  lengths: readonly ConfigLengths[],
  options: FigureOptions,
): FigureSpec {
  const multi = lengths.filter((l) => l.mode !== "Single" && l.criteria.length > 1);
  const configs = [...new Set(multi.map((l) => l.gate))].sort().flatMap((gate) =>
    orderModes(multi.filter((l) => l.gate === gate).map((l) => l.mode)).map((mode) =>
      multi.find((l) => l.gate === gate && l.mode === mode)!
    )
  );
  const criteria = [...new Set(configs.flatMap((l) => l.criteria))];
  const labels = configs.map((l) => `${l.mode}/${l.gate}`);
  const data = criteria.map((c, k) => ({
    type: "bar",
    name: c,
    x: labels,
    y: configs.map((l) => finiteOrNull(l.perCriterion[c]?.at(-1)?.share)),
    marker: { color: criterionColor(c, k) },
  }));
  return finish(data, {
    barmode: "stack",
    yaxis: { title: { text: "share of instruction tokens (last step)" }, range: [0, 1] },
  }, { dryRun: options.dryRun, title: options.title ?? "Instruction-token share per criterion" });
}
