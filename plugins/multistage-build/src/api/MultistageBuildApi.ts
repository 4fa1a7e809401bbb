import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  BuildEvent,
  BuildRun,
  BuildStep,
  EngineStatus,
  EntityDockerfileResponse,
} from '@stagecraft/plugin-multistage-build-common';

export interface StartBuildOptions {
  /** A stage name; the saved configuration's target (or the last stage) when absent. */
  target?: string | null;
  buildArgs?: Record<string, string>;
  noCache?: boolean;
}

/** The multistage-build backend, as the frontend uses it. */
export interface MultistageBuildApi {
  /** The entity's Dockerfile text and its stages as the backend parsed them. */
  getEntityDockerfile(ref: CompoundEntityRef): Promise<EntityDockerfileResponse>;
  /** Whether builds can run, and why not when they cannot. */
  getEngineStatus(): Promise<EngineStatus>;
  /** Queues a build of the entity's Dockerfile. */
  startBuild(ref: CompoundEntityRef, options: StartBuildOptions): Promise<BuildRun>;
  /** The entity's latest runs, newest first. */
  listBuilds(ref: CompoundEntityRef, limit?: number): Promise<BuildRun[]>;
  getBuild(id: string): Promise<{ run: BuildRun; steps: BuildStep[] }>;
  cancelBuild(id: string): Promise<BuildRun>;
  /**
   * Follows a run's events until it finishes or `signal` aborts: first its
   * stored state, then what happens live.
   */
  watchBuild(id: string, onEvent: (event: BuildEvent) => void, signal: AbortSignal): Promise<void>;
}

export const multistageBuildApiRef = createApiRef<MultistageBuildApi>({
  id: 'plugin.multistage-build.service',
});
