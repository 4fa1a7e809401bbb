import { useApi } from '@backstage/core-plugin-api';
import type { FleetQuery } from '@stagecraft/plugin-multistage-build-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { multistageBuildApiRef } from '../api';

/** One page of the fleet table, filtered, sorted and paged by the server. */
export function useFleetEntities(query: FleetQuery) {
  const api = useApi(multistageBuildApiRef);
  // The query is a fresh object on every render: its content, not its identity, decides a fetch.
  const key = JSON.stringify(query);
  return useAsyncRetry(() => api.getFleetEntities(query), [api, key]);
}
