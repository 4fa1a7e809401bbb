import { useApi } from '@backstage/core-plugin-api';
import { useEffect } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { multistageBuildApiRef } from '../api';

/** The builders, read again every `refreshMs` while shown: load and health change by the second. */
export function useEngines(refreshMs = 5000) {
  const api = useApi(multistageBuildApiRef);
  const state = useAsyncRetry(() => api.getEngines(), [api]);
  const { retry } = state;
  useEffect(() => {
    const timer = setInterval(retry, refreshMs);
    return () => clearInterval(timer);
  }, [retry, refreshMs]);
  return state;
}
