import type { NoiseBand } from "../analysis/noise_band.ts";
import { paperMainRow } from "../analysis/paper_reference.ts";
import type { ConfigTrajectory } from "../analysis/trajectories.ts";
import type { BandPoint } from "../analysis/types.ts";
import { criterionColor, finish, finiteOrNull, orderModes, PAPER_COLOR } from "./_style.ts";
import type { FigureOptions, FigureSpec, PlotlyTrace } from "./types.ts";

/** Options of {@linkcode trajectoriesFigure}. */
export interface TrajectoriesFigureOptions extends FigureOptions {
  /** Gate whose configurations are drawn. Default: the first trajectory's gate. */
  gate?: string;
  /** The noise-only control: drawn as a grey band (ρ) and a dotted HVI line. */
  noise?: NoiseBand | null;
  /** Show the per-criterion min–max bands. Default true. */
  bands?: boolean;
}

const axis = (n: number) => (n === 1 ? "" : String(n));

/**
 * Trajectories per mode (paper-method §9.6): one panel per mode of a gate, per-criterion test ρ
 * (mean over runs, min–max band), the average in black with a star at its best step, the noise
 * floor (min–max of the seed prompt re-evaluated N times) as a grey band, and the cumulative HVI on
 * a second axis (the noise control's HVI growth dotted). The paper's best ρ and final HVI are grey
 * diamonds.
 *
 * @param trajectoriesOf Trajectories from `trajectories()`.
 * @param options Gate, noise band, dry-run mark, title.
 * @returns The plotly spec.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trajectoriesFigure } from "./trajectories_figure.ts";
 * const point = (step: number, mean: number) => ({ step, mean, min: mean, max: mean, std: 0, runs: 1 });
 * const figure = trajectoriesFigure([{ config: "textgrad/SSS/mae", algorithm: "textgrad",
 *   mode: "SSS", gate: "mae", criteria: ["fluency"], runIndices: [1], steps: [0, 1],
 *   perCriterion: { fluency: [point(0, 0.2), point(1, 0.3)] },
 *   average: [point(0, 0.2), point(1, 0.3)], hvi: [1.2, 1.3] }], { dryRun: false, bands: false });
 * const avg = figure.data.find((t) => t.name === "avg")!;
 * assert.deepEqual(avg.y, [0.2, 0.3]);
 * ```
 */
export function trajectoriesFigure(
  trajectoriesOf: readonly ConfigTrajectory[],
  options: TrajectoriesFigureOptions,
): FigureSpec {
  const gate = options.gate ?? trajectoriesOf[0]?.gate ?? "none";
  const selected = trajectoriesOf.filter((t) => t.gate === gate);
  const modes = orderModes(selected.map((t) => t.mode));
  const panels = modes.map((m) => selected.find((t) => t.mode === m)!);
  const data: PlotlyTrace[] = [];
  const layout: Record<string, unknown> = {};
  const annotations: unknown[] = [];
  const gap = 0.05;
  const width = 1 / Math.max(panels.length, 1);
  const noise = options.noise ?? null;
  panels.forEach((t, i) => {
    const x = `x${axis(i + 1)}`, y = `y${axis(2 * i + 1)}`, y2 = `y${axis(2 * i + 2)}`;
    const first = i === 0;
    const steps = t.steps;
    const line = (name: string, points: BandPoint[], color: string, extra: PlotlyTrace = {}) => ({
      type: "scatter",
      mode: "lines",
      name,
      legendgroup: name,
      showlegend: first,
      x: points.map((p) => p.step),
      y: points.map((p) => finiteOrNull(p.mean)),
      xaxis: x,
      yaxis: y,
      line: { color },
      ...extra,
    });
    if (noise && steps.length > 0) {
      const lo = steps.map(() => finiteOrNull(noise.average.min));
      const hi = steps.map(() => finiteOrNull(noise.average.max));
      data.push({
        type: "scatter",
        mode: "lines",
        x: steps,
        y: lo,
        xaxis: x,
        yaxis: y,
        line: { width: 0 },
        showlegend: false,
        hoverinfo: "skip",
        legendgroup: "noise",
      });
      data.push({
        type: "scatter",
        mode: "lines",
        x: steps,
        y: hi,
        xaxis: x,
        yaxis: y,
        fill: "tonexty",
        fillcolor: "rgba(120,120,120,0.25)",
        line: { width: 0 },
        legendgroup: "noise",
        name: `noise floor (seed prompt ×${noise.repeats}, avg min–max)`,
        showlegend: first,
      });
    }
    t.criteria.forEach((c, k) => {
      const points = t.perCriterion[c];
      if (options.bands ?? true) {
        data.push({
          type: "scatter",
          mode: "lines",
          x: [...points.map((p) => p.step), ...points.map((p) => p.step).reverse()],
          y: [
            ...points.map((p) => finiteOrNull(p.max)),
            ...points.map((p) => finiteOrNull(p.min)).reverse(),
          ],
          fill: "toself",
          fillcolor: criterionColor(c, k),
          opacity: 0.15,
          line: { width: 0 },
          xaxis: x,
          yaxis: y,
          showlegend: false,
          hoverinfo: "skip",
          legendgroup: c,
        });
      }
      data.push(line(c, points, criterionColor(c, k)));
    });
    data.push(line("avg", t.average, "#111", { line: { color: "#111", width: 3 } }));
    const best = t.average.reduce<BandPoint | undefined>(
      (b, p) => (Number.isFinite(p.mean) && (b === undefined || p.mean > b.mean) ? p : b),
      undefined,
    );
    if (best) {
      data.push({
        type: "scatter",
        mode: "markers",
        name: "best avg step",
        legendgroup: "best",
        showlegend: first,
        x: [best.step],
        y: [best.mean],
        xaxis: x,
        yaxis: y,
        marker: { symbol: "star", size: 14, color: "gold", line: { color: "#111", width: 1 } },
      });
    }
    data.push({
      type: "scatter",
      mode: "lines",
      name: "HVI (right axis)",
      legendgroup: "hvi",
      showlegend: first,
      x: steps,
      y: t.hvi,
      xaxis: x,
      yaxis: y2,
      line: { color: "#7b3294", dash: "dash" },
    });
    if (noise && noise.hvi.length > 0) {
      data.push({
        type: "scatter",
        mode: "lines",
        name: "HVI of noise only (repeat k as step k)",
        legendgroup: "noise-hvi",
        showlegend: first,
        x: noise.hvi.map((_, k) => k),
        y: noise.hvi,
        xaxis: x,
        yaxis: y2,
        line: { color: "#7b3294", dash: "dot", width: 1 },
      });
    }
    const paper = (options.paper ?? true) ? paperMainRow(t.mode, t.gate) : undefined;
    if (paper?.best && paper.bestStep) {
      data.push({
        type: "scatter",
        mode: "markers",
        name: "paper best avg ρ",
        legendgroup: "paper",
        showlegend: first,
        x: [paper.bestStep.value],
        y: [paper.best.value],
        xaxis: x,
        yaxis: y,
        text: [paper.best.note],
        hovertemplate: "paper: %{y}<br>%{text}<extra></extra>",
        marker: { symbol: "diamond", size: 11, color: PAPER_COLOR },
      });
    }
    if (paper?.finalHvi && steps.length > 0) {
      data.push({
        type: "scatter",
        mode: "markers",
        name: "paper final HVI",
        legendgroup: "paper-hvi",
        showlegend: first,
        x: [steps.at(-1)],
        y: [paper.finalHvi.value],
        xaxis: x,
        yaxis: y2,
        text: [paper.finalHvi.note],
        hovertemplate: "paper: %{y}<br>%{text}<extra></extra>",
        marker: { symbol: "diamond-open", size: 11, color: "#7b3294" },
      });
    }
    const domain = [i * width + (i === 0 ? 0 : gap / 2), (i + 1) * width - gap / 2];
    layout[`xaxis${axis(i + 1)}`] = { domain, anchor: y, title: { text: "step" }, dtick: 1 };
    layout[`yaxis${axis(2 * i + 1)}`] = {
      anchor: x,
      title: first ? { text: "test Spearman ρ" } : undefined,
    };
    layout[`yaxis${axis(2 * i + 2)}`] = {
      anchor: x,
      overlaying: y,
      side: "right",
      showgrid: false,
      title: i === panels.length - 1 ? { text: "HVI (ref −1)" } : undefined,
    };
    annotations.push({
      text: `<b>${t.mode}</b> (${t.runIndices.length} runs)`,
      xref: "paper",
      yref: "paper",
      x: (domain[0] + domain[1]) / 2,
      y: 1.04,
      showarrow: false,
      xanchor: "center",
    });
  });
  return finish(data, { ...layout, annotations, width: Math.max(600, 330 * panels.length) }, {
    dryRun: options.dryRun,
    title: `${options.title ?? "Trajectories"} · gate ${gate}`,
  });
}
