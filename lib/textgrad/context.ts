/**
 * TextGrad's step context: the shared one plus the decomposition mode that picks each stage's
 * S or C variant.
 *
 * @module
 */
import type { StageContext } from "../loop/stage_context.ts";
import type { Mode } from "./mode.ts";

/** The inputs of TextGrad's stages: the shared step context and the mode. */
export interface TextGradContext extends StageContext {
  /** Decomposition mode (routes each stage to its S or C variant). */
  mode: Mode;
}
