import { useApi } from '@backstage/core-plugin-api';
import type { FleetWindow } from '@stagecraft/plugin-multistage-build-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { multistageBuildApiRef } from '../api';

/** The org-wide figures, charts, rankings and filter values over the last `days` days. */
export function useFleetSummary(days: FleetWindow) {
  const api = useApi(multistageBuildApiRef);
  return useAsyncRetry(() => api.getFleetSummary(days), [api, days]);
}
