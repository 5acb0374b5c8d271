/**
 * The LLM layer: roles, endpoints, cache, scheduling, usage, dry run.
 *
 * @module
 */
export * from "./types.ts";
export * from "./errors.ts";
