/*
 * Shapes exchanged between the backend's REST API and the frontend.
 */
import type { AnalysisReport, Finding } from './analysis/types';
import type { SeverityOverride } from './rules/types';
import type { CriticalPath } from './stages/criticalPath';
import type { SharedCacheMount, Stage, StageEdge } from './stages/types';

/** A stage as the API reports it: the stage model without its instruction bodies. */
export type StageSummary = Omit<Stage, 'instructions' | 'baseStage'> & {
  instructionCount: number;
  /** The stage's RUN --mount=type=secret and type=ssh: what its build's session must serve. */
  sessionMounts: SessionMount[];
};

/** A RUN's secret or SSH mount, with its id as BuildKit resolves it. */
export interface SessionMount {
  line: number;
  type: 'secret' | 'ssh';
  id: string;
  /** Written `required=false` (or 0, f): BuildKit builds on without it. A build still needs it granted. */
  optional: boolean;
}

/** POST /analyze, and the analysis part of an entity's Dockerfile. */
export interface DockerfileAnalysisResponse {
  stages: StageSummary[];
  /** Dependencies between stages, with the line that creates each. */
  edges: StageEdge[];
  defaultTarget: number | null;
  /** The stage the findings judge as the shipped image. */
  target: number | null;
  parallelGroups: number[][];
  blockedStages: number[];
  sharedCacheMounts: SharedCacheMount[];
  criticalPath: CriticalPath;
  findings: Finding[];
  parseErrors: { line: number; message: string }[];
  /** The report exactly as the CLI prints it (shared/RULES.md). */
  report: AnalysisReport;
}

/** GET /entities/:kind/:namespace/:name/dockerfile */
export interface EntityDockerfileResponse extends DockerfileAnalysisResponse {
  entityRef: string;
  /** The Dockerfile path relative to the entity's source location. */
  path: string;
  /** Where the Dockerfile was read from (a URL or a path under an allowed root). */
  location: string;
  text: string;
  /** sha256 of the text, as runs record it (`BuildRun.dockerfileDigest`). */
  digest: string;
  /**
   * The operators' per-rule severities (`multistageBuild.analysis.rules`), so
   * an analysis in the browser reports what the backend reports.
   */
  severityOverrides: Record<string, SeverityOverride>;
  /**
   * Seconds each stage took in the entity's recent builds, by BuildKit's stage
   * name, as the critical path weighs them (the browser weighs them the same).
   */
  recordedSeconds: Record<string, number>;
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

/** One builder (`multistageBuild.builders`) as the engines view shows it: GET /engines. */
export interface EngineView {
  name: string;
  /** Where it is reached, without credentials: `unix:///…` or `tcp://host:port` (TLS or not). */
  endpoint: string;
  tls: boolean;
  /** Platforms it builds, e.g. `linux/amd64`. */
  platforms: string[];
  /** Builds it may run at once, across every replica. */
  concurrency: number;
  /** Builds running on it now, across every replica. */
  running: number;
  healthy: boolean;
  /** Why it gets no builds, when unhealthy, in words an operator can act on. */
  reason: string | null;
  checkedAt: string | null;
  version: string | null;
  /** Its BuildKit cache, as `docker system df` reports it; null when it cannot be asked. */
  cache: { records: number; sizeBytes: number; reclaimableBytes: number } | null;
}

/** GET /engines. */
export interface EnginesResponse {
  engines: EngineView[];
  /** Runs waiting for a builder with room, across every replica. */
  queued: number;
}
