/** Test helper: planted runs and metric rows for the analyses. */
import type { RunRow, StepMetric } from "../../lib/experiment/types.ts";

/** A run row. */
export function runRow(
  mode: string,
  gate: string,
  run: number,
  criterion: string | null = null,
): RunRow {
  const runId = `textgrad/${mode}/${gate}/r${run}${criterion ? `/${criterion}` : ""}`;
  return {
    algorithm: "textgrad",
    mode,
    gate,
    run,
    criterion,
    runId,
    seed: run,
    status: "done",
    lastStep: 2,
    message: null,
  };
}

/** Test-split Spearman rows: `values[step][criterion]`. */
export function metricRows(values: Record<string, number>[]): StepMetric[] {
  return values.flatMap((byCriterion, step) =>
    Object.entries(byCriterion).map(([criterion, value]) => ({
      step,
      split: "test",
      criterion,
      metric: "spearman",
      value,
      n: 50,
      missing: 0,
    }))
  );
}
