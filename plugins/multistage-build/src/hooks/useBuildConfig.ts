import { useApi } from '@backstage/core-plugin-api';
import type { BuildConfig } from '@stagecraft/plugin-multistage-build-common';
import { useCallback } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { multistageBuildApiRef } from '../api';
import { useEntityRef } from './useEntityRef';

/** The entity's saved build configuration, its history, and a save over the version read. */
export function useBuildConfig() {
  const api = useApi(multistageBuildApiRef);
  const { ref, key } = useEntityRef();
  const current = useAsyncRetry(() => api.getBuildConfig(ref), [api, key]);
  const history = useAsyncRetry(() => api.getConfigHistory(ref), [api, key]);
  const save = useCallback(
    async (version: number, config: BuildConfig) => {
      const saved = await api.saveBuildConfig(ref, version, config);
      history.retry();
      return saved;
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, history.retry],
  );
  // What is stored now, without replacing what the form shows (after a stale save).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const latest = useCallback(() => api.getBuildConfig(ref), [api, key]);
  return { current, history, save, latest };
}
