/**
 * collide: multi-objective prompt optimization of LLM judges with textual gradients.
 *
 * @module
 */
export * from "./random.ts";
export * from "./schema.ts";
export * from "./file_error.ts";
export * from "./data/mod.ts";
export * from "./metrics/mod.ts";
export * from "./llm/mod.ts";
export * from "./judge/mod.ts";
export * from "./textgrad/mod.ts";
export * from "./opro/mod.ts";
export * from "./experiment/mod.ts";
export * from "./diagnostics/mod.ts";
export * from "./analysis/mod.ts";
export * from "./figures/mod.ts";
export * from "./notebook/mod.ts";
