import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { multistageBuildApiRef } from '../api';
import { useEntityRef } from './useEntityRef';

/** The entity's Dockerfile as the backend read and analysed it. */
export function useEntityDockerfile() {
  const api = useApi(multistageBuildApiRef);
  const { ref, key } = useEntityRef();
  return useAsyncRetry(() => api.getEntityDockerfile(ref), [api, key]);
}
