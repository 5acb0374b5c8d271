/**
 * Command-line entry points. `deno task run` is `lib/cli/run.ts`, `deno task rate` is `lib/cli/rate.ts`.
 *
 * @module
 */
export { main } from "./run.ts";
export type { MainIo } from "./run.ts";
export { parseRunArgs, RUN_USAGE } from "./args.ts";
export type { RunArgs } from "./args.ts";
export {
  formatProgress,
  inJupyter,
  jupyterProgressSink,
  ProgressReporter,
} from "../display/progress.ts";
export type {
  JupyterDisplay,
  ProgressCall,
  ProgressOutput,
  ProgressReporterOptions,
  ProgressSink,
  ProgressSnapshot,
} from "../display/progress.ts";
/** Re-exported because the CLI's public API takes or returns them. */
export type * from "../experiment/mod.ts";
export { rateMain } from "./rate.ts";
export { parseRateArgs, RATE_USAGE } from "./rate_args.ts";
export type { RateArgs } from "./rate_args.ts";
export { reproduceMain } from "./reproduce.ts";
export { parseReproduceArgs, REPRODUCE_USAGE } from "./reproduce_args.ts";
export type { ReproduceArgs } from "./reproduce_args.ts";
