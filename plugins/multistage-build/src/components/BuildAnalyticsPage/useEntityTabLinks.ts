import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteParams, entityRouteRef } from '@backstage/plugin-catalog-react';
import { workspaceLinks, type WorkspaceLinks } from '../BuildWorkspace/workspaceLinks';

/**
 * The build workspace tab of any entity, by its ref (`kind:namespace/name`).
 * Through the catalog's entity route rather than a written-out
 * `/catalog/...` path, so an app that mounts the catalog elsewhere still
 * gets working links; `entityRouteParams` parses the ref and lowercases the
 * kind and namespace as the catalog's own links do.
 */
export function useEntityTabLinks(): (entityRef: string) => WorkspaceLinks {
  const entityRoute = useRouteRef(entityRouteRef);
  return entityRef => workspaceLinks(`${entityRoute(entityRouteParams(entityRef))}/multistage-build`);
}
