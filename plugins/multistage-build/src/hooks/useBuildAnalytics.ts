import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { multistageBuildApiRef } from '../api';
import { useEntityRef } from './useEntityRef';

/** The entity's runs as chart points, newest `limit` first skipping `offset`. */
export function useBuildAnalytics(options: { limit: number; offset: number }) {
  const api = useApi(multistageBuildApiRef);
  const { ref, key } = useEntityRef();
  return useAsyncRetry(() => api.getEntityHistory(ref, options), [api, key, options.limit, options.offset]);
}
