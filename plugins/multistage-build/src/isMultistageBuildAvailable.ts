import type { Entity } from '@backstage/catalog-model';
import { DOCKERFILE_ANNOTATION } from '@stagecraft/plugin-multistage-build-common';

/** True for entities that name a Dockerfile with the `stagecraft.io/dockerfile` annotation. */
export function isMultistageBuildAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[DOCKERFILE_ANNOTATION] !== undefined);
}
