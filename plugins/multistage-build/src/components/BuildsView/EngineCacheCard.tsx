import { InfoCard } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { multistageBuildApiRef } from '../../api';
import { errorMessage } from '../../format/errorMessage';
import { formatBytes } from '../../format/units';
import type { Allowed } from '../../hooks/useBuildPermissions';

/** The engine's build cache, shared by every entity, and pruning it (its own permission). */
export function EngineCacheCard(props: { prune: Allowed; engineAvailable: boolean }) {
  const api = useApi(multistageBuildApiRef);
  const alertApi = useApi(alertApiRef);
  const usage = useAsyncRetry(() => api.getCacheUsage(), [api]);
  const [busy, setBusy] = useState(false);
  const prune = async () => {
    setBusy(true);
    try {
      const { reclaimedBytes } = await api.pruneCache();
      alertApi.post({ message: `Pruned the build cache: ${formatBytes(reclaimedBytes)} freed`, severity: 'success', display: 'transient' });
      usage.retry();
    } catch (e) {
      alertApi.post({ message: `Could not prune the build cache: ${errorMessage(e)}`, severity: 'error' });
    } finally {
      setBusy(false);
    }
  };
  let usageText = 'Reading…';
  if (usage.value) {
    usageText = `${usage.value.records} records, ${formatBytes(usage.value.sizeBytes)}; ${formatBytes(usage.value.reclaimableBytes)} reclaimable`;
  } else if (usage.error) {
    usageText = `The engine did not answer: ${errorMessage(usage.error)}`;
  }
  const reason = !props.engineAvailable ? 'The Docker engine is unavailable' : props.prune.reason;
  return (
    <InfoCard
      title="Engine build cache"
      subheader="Shared by every entity's builds: pruning it makes the next builds start cold"
      action={
        <Tooltip title={reason ?? 'Remove cache records no image uses'}>
          <span>
            <Button disabled={busy || !props.prune.allowed || !props.engineAvailable} onClick={prune}>
              Prune cache
            </Button>
          </span>
        </Tooltip>
      }
    >
      <Typography variant="body2" data-cache-usage>
        {usageText}
      </Typography>
    </InfoCard>
  );
}
