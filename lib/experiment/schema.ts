/**
 * The SQLite schema of an experiment store. JSON columns hold structured values verbatim; every
 * table is keyed by `(run_id, step, …)` so later analyses (raters, figures, benchmarks) select what
 * they need with plain SQL.
 *
 * @module
 */

/** Version of {@linkcode STORE_SCHEMA}; stored in `PRAGMA user_version`. */
export const STORE_SCHEMA_VERSION = 4;

/** DDL of the store, idempotent. */
export const STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS manifest (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  kit_version TEXT NOT NULL,
  created_at TEXT NOT NULL,
  dry_run INTEGER NOT NULL,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  algorithm TEXT NOT NULL,
  mode TEXT NOT NULL,
  gate TEXT NOT NULL,
  run INTEGER NOT NULL,
  criterion TEXT,
  seed INTEGER NOT NULL,
  status TEXT NOT NULL,
  last_step INTEGER NOT NULL DEFAULT -1,
  message TEXT,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS steps (
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  step INTEGER NOT NULL,
  prompt_json TEXT NOT NULL,
  rendered_prompt TEXT NOT NULL,
  candidate_json TEXT,
  accepted INTEGER,
  gate_json TEXT,
  gate_state_json TEXT NOT NULL,
  optimizer_state_json TEXT,
  batch_ids_json TEXT NOT NULL,
  parse_failures INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, step)
);
CREATE TABLE IF NOT EXISTS stage_records (
  run_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  stage TEXT NOT NULL,
  criteria_json TEXT NOT NULL,
  example_id TEXT,
  prompt TEXT NOT NULL,
  text TEXT NOT NULL,
  call_key TEXT,
  data_json TEXT,
  PRIMARY KEY (run_id, step, seq)
);
CREATE TABLE IF NOT EXISTS metrics (
  run_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  split TEXT NOT NULL,
  criterion TEXT NOT NULL,
  metric TEXT NOT NULL,
  value REAL,
  n INTEGER NOT NULL,
  missing INTEGER NOT NULL,
  PRIMARY KEY (run_id, step, split, criterion, metric)
);
CREATE TABLE IF NOT EXISTS predictions (
  run_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  split TEXT NOT NULL,
  example_id TEXT NOT NULL,
  scores_json TEXT NOT NULL,
  raw TEXT NOT NULL,
  error TEXT,
  attempts INTEGER NOT NULL,
  call_key TEXT,
  json TEXT NOT NULL,
  PRIMARY KEY (run_id, step, split, example_id)
);
CREATE TABLE IF NOT EXISTS instruction_lengths (
  run_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  criterion TEXT NOT NULL,
  instruction TEXT NOT NULL,
  chars INTEGER NOT NULL,
  words INTEGER NOT NULL,
  PRIMARY KEY (run_id, step, criterion)
);
CREATE TABLE IF NOT EXISTS calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT,
  key TEXT NOT NULL,
  role TEXT NOT NULL,
  label TEXT,
  request_json TEXT NOT NULL,
  text TEXT NOT NULL,
  model TEXT NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  cached INTEGER NOT NULL,
  dry_run INTEGER NOT NULL,
  error TEXT,
  started_at REAL NOT NULL,
  duration_ms REAL NOT NULL,
  reasoning TEXT,
  reasoning_tokens INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 1,
  retry_errors_json TEXT,
  cached_input_tokens INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS calls_key ON calls(key);
-- Version 1 stores lack the reasoning columns; ExperimentStore.open adds them
-- (see STORE_MIGRATIONS).
CREATE INDEX IF NOT EXISTS calls_role ON calls(role);
CREATE INDEX IF NOT EXISTS calls_run ON calls(run_id);
-- Version 3: the diagnostics' tables (older stores get them when opened).
CREATE TABLE IF NOT EXISTS ratings (
  run_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  criterion TEXT NOT NULL,
  kind TEXT NOT NULL,
  rating REAL,
  prompt TEXT NOT NULL,
  raw TEXT NOT NULL,
  call_key TEXT,
  dry_run INTEGER NOT NULL,
  PRIMARY KEY (run_id, step, criterion, kind)
);
CREATE TABLE IF NOT EXISTS noise_repeats (
  repeat INTEGER PRIMARY KEY,
  json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS oracle_combinations (
  gate TEXT NOT NULL,
  selection TEXT NOT NULL,
  pick_metric TEXT NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (gate, selection, pick_metric)
);
`;

/**
 * Indexes created after {@linkcode STORE_MIGRATIONS} ran (they may name migrated columns).
 * `calls_totals_by_run` covers the per-run totals, so summaries never read the (large) request and
 * answer columns.
 */
export const STORE_INDEXES = `
DROP INDEX IF EXISTS calls_totals;
DROP INDEX IF EXISTS calls_run_totals;
CREATE INDEX IF NOT EXISTS calls_totals_by_run ON calls(run_id, cached, input_tokens, output_tokens,
  reasoning_tokens, cost_usd, error, attempts);
`;

/**
 * Columns added after version 1, as `[table, column, definition]`: a store opened by this version
 * gets each one it lacks (`ALTER TABLE … ADD COLUMN`), so older stores still open and resume.
 */
export const STORE_MIGRATIONS: readonly (readonly [string, string, string])[] = [
  ["calls", "reasoning", "TEXT"],
  ["calls", "reasoning_tokens", "INTEGER NOT NULL DEFAULT 0"],
  // Version 4: how many requests each call took and the error class of each retry.
  ["calls", "attempts", "INTEGER NOT NULL DEFAULT 1"],
  ["calls", "retry_errors_json", "TEXT"],
  // The input tokens an endpoint served from its prompt cache (field-masked judging).
  ["calls", "cached_input_tokens", "INTEGER NOT NULL DEFAULT 0"],
];
