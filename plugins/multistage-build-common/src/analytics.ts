/*
 * An entity's build history as the Analytics view charts it: one point per
 * run, per-stage durations, and the findings of each Dockerfile version.
 */
import type { BuildRunStatus, FindingCounts } from './builds';

/** One run, as a point on the charts. */
export interface RunPoint {
  runId: string;
  status: BuildRunStatus;
  /** Null for the Dockerfile's last stage. */
  target: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** From start to end; null while it runs or when it never started. */
  durationMs: number | null;
  /** Cached steps / (cached + rebuilt); null when no step ran. */
  cacheHitRatio: number | null;
  imageSize: number | null;
  timeSavedMs: number;
  findings: FindingCounts | null;
  /** Summed step durations of each stage. */
  stageDurations: Record<string, number>;
}

/** Durations of the succeeded runs of one target, over the page. */
export interface TargetDurations {
  target: string | null;
  runs: number;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** One analysed version of the Dockerfile and its findings. */
export interface DockerfileVersionPoint {
  digest: string;
  firstSeenAt: string;
  findings: FindingCounts;
}

/** GET /entities/:kind/:namespace/:name/analytics */
export interface EntityBuildHistory {
  entityRef: string;
  /** Runs of the entity in all; the page holds `runs`. */
  total: number;
  offset: number;
  /** Oldest first: the order the charts draw. */
  runs: RunPoint[];
  byTarget: TargetDurations[];
  byStatus: Partial<Record<BuildRunStatus, number>>;
  /** Newest first. */
  dockerfileVersions: DockerfileVersionPoint[];
}
