/**
 * The SQLite schema of an experiment store. JSON columns hold structured values verbatim; every
 * table is keyed by `(run_id, step, …)` so later analyses (raters, figures, benchmarks) select what
 * they need with plain SQL.
 *
 * Version 5 stores the bulky records compactly: the call log in deflated chunks (`call_log`, one
 * per run and batch, with per-run totals kept in `call_totals`), judge predictions as one deflated
 * set per (run, step, split) (`prediction_sets`), and stage prompts and request messages as ids of
 * content-addressed paragraphs (`texts`). The store's methods return the same records as before.
 *
 * @module
 */

/** Version of {@linkcode STORE_SCHEMA}; stored in `PRAGMA user_version`. */
export const STORE_SCHEMA_VERSION = 5;

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
  prompt TEXT NOT NULL, -- JSON of the ids of its paragraphs in texts
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
CREATE TABLE IF NOT EXISTS prediction_sets (
  run_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  split TEXT NOT NULL,
  n INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  body BLOB NOT NULL,
  PRIMARY KEY (run_id, step, split)
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
CREATE TABLE IF NOT EXISTS call_log (
  id INTEGER PRIMARY KEY,
  flush INTEGER NOT NULL,
  run_id TEXT,
  first_seq INTEGER NOT NULL,
  count INTEGER NOT NULL,
  body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS call_log_run ON call_log(run_id);
CREATE TABLE IF NOT EXISTS call_totals (
  run_id TEXT PRIMARY KEY,
  calls INTEGER NOT NULL,
  hits INTEGER NOT NULL,
  failures INTEGER NOT NULL,
  retries INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  cost_err REAL NOT NULL
);
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
 * Tables of stores written before version 5 (row-wise call log and predictions): a store that
 * still has them with records in it is refused (`StoreFormatError`); empty ones are dropped.
 */
export const LEGACY_TABLES: readonly string[] = ["calls", "predictions"];
