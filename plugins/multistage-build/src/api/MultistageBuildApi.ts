import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  BuildConfig,
  BuildConfigVersion,
  BuildEvent,
  BuildRun,
  BuildRunPage,
  BuildRunStatus,
  BuildStep,
  BuildStepLog,
  EngineStatus,
  EnginesResponse,
  EntityBuildHistory,
  EntityDockerfileResponse,
  FleetEntityPage,
  FleetQuery,
  FleetSummary,
  FleetWindow,
  StoredBuildConfig,
} from '@stagecraft/plugin-multistage-build-common';

export interface StartBuildOptions {
  /** A stage name; the saved configuration's target (or the last stage) when absent. */
  target?: string | null;
  buildArgs?: Record<string, string>;
  noCache?: boolean;
}

export interface ListBuildsOptions {
  limit?: number;
  offset?: number;
  status?: BuildRunStatus[];
  /** A stage name; null for runs of the last stage; undefined for all. */
  target?: string | null;
}

/** A layer of a run's final image, newest first. */
export interface ImageLayer {
  createdBy: string;
  sizeBytes: number;
}

/** The engine's build cache. */
export interface CacheUsage {
  records: number;
  sizeBytes: number;
  reclaimableBytes: number;
}

/** The multistage-build backend, as the frontend uses it. */
export interface MultistageBuildApi {
  /** The entity's Dockerfile text and its stages as the backend parsed them. */
  getEntityDockerfile(ref: CompoundEntityRef): Promise<EntityDockerfileResponse>;
  /** Whether builds can run, and why not when they cannot. */
  getEngineStatus(): Promise<EngineStatus>;
  /** Queues a build of the entity's Dockerfile. */
  startBuild(ref: CompoundEntityRef, options: StartBuildOptions): Promise<BuildRun>;
  /** A page of the entity's runs, newest first, and how many match. */
  listBuilds(ref: CompoundEntityRef, options?: ListBuildsOptions): Promise<BuildRunPage>;
  getBuild(id: string): Promise<{ run: BuildRun; steps: BuildStep[] }>;
  cancelBuild(id: string): Promise<BuildRun>;
  /** Starts a new build with a past run's settings, read on the server. */
  rebuild(id: string): Promise<BuildRun>;
  /** The final image's layers, newest first. */
  getLayers(id: string): Promise<{ imageId: string; layers: ImageLayer[] }>;
  /** A step's whole output, stored when the run ended. */
  getStepLog(id: string, digest: string): Promise<BuildStepLog>;
  getBuildConfig(ref: CompoundEntityRef): Promise<StoredBuildConfig>;
  /** Saves over `version`; a stale version is answered 409. */
  saveBuildConfig(ref: CompoundEntityRef, version: number, config: BuildConfig): Promise<StoredBuildConfig>;
  getConfigHistory(ref: CompoundEntityRef): Promise<BuildConfigVersion[]>;
  /** The entity's runs as chart points, a page at a time. */
  getCacheUsage(): Promise<CacheUsage>;
  /** Prunes the engine's build cache; answers the bytes freed. */
  pruneCache(): Promise<{ reclaimedBytes: number }>;
  /** The builders with their health, load and cache (multistage-build.engines.read). */
  getEngines(): Promise<EnginesResponse>;
  /** Prunes one builder's build cache (multistage-build.prune). */
  pruneEngine(name: string): Promise<{ reclaimedBytes: number }>;
  getEntityHistory(ref: CompoundEntityRef, options?: { limit?: number; offset?: number }): Promise<EntityBuildHistory>;
  /**
   * Follows a run's events until it finishes or `signal` aborts: first its
   * stored state, then what happens live.
   */
  watchBuild(id: string, onEvent: (event: BuildEvent) => void, signal: AbortSignal): Promise<void>;
  /** The org-wide page's figures over the last `days` days, for the entities the user may see. */
  getFleetSummary(days: FleetWindow): Promise<FleetSummary>;
  /** A page of the fleet table: every annotated entity the user may see, built or not. */
  getFleetEntities(query: FleetQuery): Promise<FleetEntityPage>;
  /** The whole fleet table (all pages) for `query`'s filters and order, as CSV text. */
  getFleetCsv(query: FleetQuery): Promise<string>;
}

export const multistageBuildApiRef = createApiRef<MultistageBuildApi>({
  id: 'plugin.multistage-build.service',
});
