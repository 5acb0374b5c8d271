/**
 * Store rows to typed values.
 *
 * @module
 */
import { fromJson } from "./_json.ts";
import type { CallLogEntry, RunRow, RunStatus } from "./types.ts";

type Row = Record<string, unknown>;

/** A `runs` row as a {@linkcode RunRow}. */
export function toRunRow(row: Row): RunRow {
  return {
    runId: String(row.run_id),
    algorithm: String(row.algorithm) as RunRow["algorithm"],
    mode: String(row.mode),
    gate: String(row.gate),
    run: Number(row.run),
    criterion: row.criterion === null ? null : String(row.criterion),
    seed: Number(row.seed),
    status: String(row.status) as RunStatus,
    lastStep: Number(row.last_step),
    message: row.message === null ? null : String(row.message),
  };
}

/** A `calls` row as a {@linkcode CallLogEntry}. */
export function toCallLogEntry(row: Row): CallLogEntry {
  return {
    runId: row.run_id === null ? null : String(row.run_id),
    key: String(row.key),
    role: String(row.role),
    label: row.label === null ? null : String(row.label),
    request: fromJson(row.request_json),
    text: String(row.text),
    model: String(row.model),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    costUsd: Number(row.cost_usd),
    cached: row.cached === 1,
    dryRun: row.dry_run === 1,
    error: row.error === null ? null : String(row.error),
    startedAt: Number(row.started_at),
    durationMs: Number(row.duration_ms),
    reasoning: row.reasoning === null ? null : String(row.reasoning),
    reasoningTokens: Number(row.reasoning_tokens),
    attempts: Number(row.attempts ?? 1),
    retryErrors: row.retry_errors_json ? fromJson(row.retry_errors_json) as string[] : [],
    ...(Number(row.cached_input_tokens ?? 0) > 0
      ? { cachedInputTokens: Number(row.cached_input_tokens) }
      : {}),
  };
}
