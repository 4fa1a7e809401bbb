import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { multistageBuildApiRef } from '../api';

/** Whether builds can run, and why not. */
export function useEngineStatus() {
  const api = useApi(multistageBuildApiRef);
  return useAsync(() => api.getEngineStatus(), [api]);
}
