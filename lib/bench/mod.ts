/**
 * Bench support: the critical-path lower bound of a recorded call DAG and the bench endpoint (the
 * fake OpenAI server answering with the dry run's answers under a latency model and limits).
 *
 * @module
 */
export { criticalPathLowerBound } from "./critical_path.ts";
export type { DagCall, DagLimits, LowerBound } from "./critical_path.ts";
export { startBenchEndpoint } from "./bench_endpoint.ts";
export type { BenchEndpoint, BenchEndpointOptions } from "./bench_endpoint.ts";
/** Re-exported because the bench's public API takes or returns them. */
export type * from "../testing/fake_openai_server.ts";
export type * from "../llm/mod.ts";
