import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { multistageBuildApiRef, type ListBuildsOptions } from '../api';
import { useEntityRef } from './useEntityRef';

/** One page of the entity's runs, as the server pages and filters them. */
export function useBuildRuns(options: ListBuildsOptions) {
  const api = useApi(multistageBuildApiRef);
  const { ref, key } = useEntityRef();
  const { limit, offset, status, target } = options;
  return useAsyncRetry(
    () => api.listBuilds(ref, { limit, offset, status, target }),
    [api, key, limit, offset, status?.join(','), target],
  );
}
