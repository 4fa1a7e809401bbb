import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  EngineStatus,
  EntityDockerfileResponse,
} from '@stagecraft/plugin-multistage-build-common';

/** The multistage-build backend, as the frontend uses it. */
export interface MultistageBuildApi {
  /** The entity's Dockerfile text and its stages as the backend parsed them. */
  getEntityDockerfile(ref: CompoundEntityRef): Promise<EntityDockerfileResponse>;
  /** Whether builds can run, and why not when they cannot. */
  getEngineStatus(): Promise<EngineStatus>;
}

export const multistageBuildApiRef = createApiRef<MultistageBuildApi>({
  id: 'plugin.multistage-build.service',
});
