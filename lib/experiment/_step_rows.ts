/**
 * Flattens a {@linkcode StepRecord} into table rows, in each table's column order.
 *
 * @module
 */
import type { Evaluation, JudgePrediction } from "../judge/mod.ts";
import { toJson } from "./_json.ts";
import { instructionLengths } from "./lengths.ts";
import type { StepRecord } from "./types.ts";

type Value = string | number | null;

/** Rows of one step as `[table, values]` pairs. */
export function stepRows(record: StepRecord): [string, Value[]][] {
  const { runId, step } = record;
  const rows: [string, Value[]][] = [[
    "steps",
    [
      runId,
      step,
      toJson(record.prompt),
      record.renderedPrompt,
      toJson(record.candidate ?? undefined),
      record.accepted === null ? null : record.accepted ? 1 : 0,
      toJson(record.gate ?? undefined),
      toJson(record.gateState) ?? "{}",
      toJson(record.optimizerState),
      toJson(record.batchIds) ?? "[]",
      record.test.parseFailures,
      record.durationMs,
      new Date().toISOString(),
    ],
  ]];
  record.stages.forEach((stage, seq) =>
    rows.push(["stage_records", [
      runId,
      step,
      seq,
      stage.stage,
      toJson(stage.criteria) ?? "[]",
      stage.exampleId,
      stage.prompt,
      stage.text,
      stage.callKey,
      toJson(stage.data),
    ]])
  );
  const evaluations = [{ split: "test", evaluation: record.test }, ...record.validation];
  for (const { split, evaluation } of evaluations) {
    rows.push(...evaluationRows(runId, step, split, evaluation));
  }
  rows.push(...predictionRows(runId, step, "train", record.trainPredictions));
  for (const length of instructionLengths(record.prompt.instructions)) {
    rows.push(["instruction_lengths", [
      runId,
      step,
      length.criterion,
      record.prompt.instructions[length.criterion],
      length.chars,
      length.words,
    ]]);
  }
  return rows;
}

/** Metric and prediction rows of one evaluation of one (run, step) on one split. */
export function evaluationRows(
  runId: string,
  step: number,
  split: string,
  evaluation: Evaluation,
): [string, Value[]][] {
  return [
    ...metricRows(runId, step, split, evaluation),
    ...predictionRows(runId, step, split, evaluation.predictions),
  ];
}

function metricRows(
  runId: string,
  step: number,
  split: string,
  evaluation: Evaluation,
): [string, Value[]][] {
  const rows: [string, Value[]][] = [];
  const criteria = Object.keys(evaluation.metrics);
  for (const criterion of criteria) {
    for (const [metric, result] of Object.entries(evaluation.metrics[criterion])) {
      rows.push(["metrics", [
        runId,
        step,
        split,
        criterion,
        metric,
        finite(result.value),
        result.n,
        result.missing,
      ]]);
    }
  }
  for (const [metric, value] of Object.entries(evaluation.average)) {
    rows.push(["metrics", [
      runId,
      step,
      split,
      "_average",
      metric,
      finite(value),
      criteria.length,
      0,
    ]]);
  }
  return rows;
}

function predictionRows(
  runId: string,
  step: number,
  split: string,
  predictions: JudgePrediction[],
): [string, Value[]][] {
  return predictions.map((p) => ["predictions", [
    runId,
    step,
    split,
    p.exampleId,
    JSON.stringify(p.scores),
    p.raw,
    p.error ?? null,
    p.attempts,
    p.callKey || null,
    JSON.stringify(p),
  ]]);
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
