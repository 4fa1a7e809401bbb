/*
 * Shapes exchanged between the backend's REST API and the frontend.
 */
import type { ParseError } from './parser/types';
import type { Stage, StageEdge } from './stages/types';

/** A stage as the API reports it: the stage model without its instruction bodies. */
export type StageSummary = Omit<Stage, 'instructions' | 'baseStage'> & {
  instructionCount: number;
};

/** GET /entities/:kind/:namespace/:name/dockerfile */
export interface EntityDockerfileResponse {
  entityRef: string;
  /** The Dockerfile path relative to the entity's source location. */
  path: string;
  /** Where the Dockerfile was read from (a URL or a path under an allowed root). */
  location: string;
  text: string;
  stages: StageSummary[];
  edges: StageEdge[];
  defaultTarget: number | null;
  parseErrors: ParseError[];
}

/** GET /engine: whether builds can run, and if not, why. */
export interface EngineStatus {
  available: boolean;
  /** Engine version and API version when available. */
  version?: string;
  apiVersion?: string;
  /** Why builds are unavailable, in words a user can act on. */
  reason?: string;
}
