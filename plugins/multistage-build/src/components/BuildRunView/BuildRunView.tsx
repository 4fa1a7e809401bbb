import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type { BuildRun } from '@stagecraft/plugin-multistage-build-common';
import { multistageBuildApiRef } from '../../api';
import { useBuildRun } from '../../hooks/useBuildRun';
import { StageProgress } from './StageProgress';
import { errorMessage } from '../../format/errorMessage';
import { useState } from 'react';

function summary(run: BuildRun): string {
  const parts = [`target ${run.target ?? 'last stage'}`];
  if (run.startedAt) {
    const end = run.finishedAt ? Date.parse(run.finishedAt) : Date.now();
    parts.push(`${((end - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`);
  }
  if (run.cacheHits + run.cacheMisses > 0) {
    parts.push(`${run.cacheHits} cached, ${run.cacheMisses} built`);
    if (run.timeSavedMs > 0) parts.push(`cache saved ~${(run.timeSavedMs / 1000).toFixed(1)} s`);
  }
  if (run.imageSize !== null) parts.push(`image ${(run.imageSize / 1e6).toFixed(1)} MB`);
  return parts.join(' · ');
}

/** One build run, live while it runs: status, per-stage progress, cache hits and misses with reasons. */
export function BuildRunView(props: { runId: string; onFinished?: (run: BuildRun) => void }) {
  const api = useApi(multistageBuildApiRef);
  const alertApi = useApi(alertApiRef);
  const { run, steps, error } = useBuildRun(props.runId, props.onFinished);
  const [cancelling, setCancelling] = useState(false);
  // A run that ended meanwhile answers 409: say so, rather than leave an unhandled rejection.
  const cancel = async (id: string) => {
    setCancelling(true);
    try {
      await api.cancelBuild(id);
    } catch (e) {
      alertApi.post({ message: `Could not cancel the build: ${errorMessage(e)}`, severity: 'error' });
    } finally {
      setCancelling(false);
    }
  };
  if (error) return <ResponseErrorPanel error={error} title="Build progress" />;
  if (!run) return <Progress />;
  const active = run.status === 'queued' || run.status === 'running';
  return (
    <InfoCard
      title={
        <span data-build-status={run.status} data-run-id={run.id}>
          Build <Chip size="small" label={run.status} color={run.status === 'failed' ? 'secondary' : 'primary'} />
        </span>
      }
      subheader={summary(run)}
      action={
        active ? (
          <Button size="small" disabled={cancelling} onClick={() => cancel(run.id)}>
            Cancel
          </Button>
        ) : undefined
      }
    >
      {run.error && (
        <Typography color="error" paragraph>
          {run.error}
        </Typography>
      )}
      <StageProgress steps={steps} stageSizes={run.stageSizes} />
    </InfoCard>
  );
}
