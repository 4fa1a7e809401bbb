import { PushedImage } from './PushedImage';
import { InfoCard, Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { BuildRun, BuildStep } from '@stagecraft/plugin-multistage-build-common';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { multistageBuildApiRef } from '../../api';
import { errorMessage } from '../../format/errorMessage';
import { formatBytes, formatDuration, formatTime, runDurationMs } from '../../format/units';
import { useBuildPermissions } from '../../hooks/useBuildPermissions';
import { useBuildRun } from '../../hooks/useBuildRun';
import { useWorkspaceLinks } from '../BuildWorkspace/workspaceLinks';
import { RunStatusChip, findingCountsText } from '../RunStatus';
import { FailureInDockerfile } from './FailureInDockerfile';
import { RunDetails } from './RunDetails';
import { RunTimeline } from './RunTimeline';
import { StageProgress } from './StageProgress';
import { StepLogPanel } from './StepLogPanel';

/** Steps BuildKit or the backend stopped because another failed, timed out or was cancelled. */
const stoppedAsCollateral = /cancell?ed|^stopped:|timed out/i;

/** The step that failed the run: the one the engine's error names, else the first error that is not collateral. */
export function failingStep(run: BuildRun, steps: BuildStep[]): BuildStep | undefined {
  const failed = steps.filter(s => s.error !== null && s.stage !== null);
  return (
    failed.find(s => s.instruction !== null && run.error?.includes(s.instruction.replace(/^RUN\s+/, ''))) ??
    failed.find(s => !stoppedAsCollateral.test(s.error!))
  );
}

function summary(run: BuildRun): string {
  const parts = [`target ${run.target ?? 'last stage'}`, `started by ${run.requestedBy ?? 'unknown'} at ${formatTime(run.createdAt)}`];
  if (run.engine) parts.push(`on builder ${run.engine}`);
  if (run.config.platforms.length > 1) parts.push(run.config.platforms.join(' and '));
  const duration = runDurationMs(run);
  if (duration !== null) parts.push(formatDuration(duration));
  if (run.cacheHits + run.cacheMisses > 0) {
    parts.push(`${run.cacheHits} cached, ${run.cacheMisses} built`);
    if (run.timeSavedMs > 0) parts.push(`cache saved ~${formatDuration(run.timeSavedMs)}`);
  }
  if (run.imageSize !== null) parts.push(`image ${formatBytes(run.imageSize)}`);
  if (run.findings) parts.push(findingCountsText(run.findings));
  return parts.join(' · ');
}

/**
 * One run at its own URL, live while it runs and the same page after: its
 * timeline, steps with cache-miss reasons, each step's log, where it failed,
 * what it built with, and what it made.
 */
export function RunPage() {
  const { runId } = useParams();
  // A new run is a new page: nothing of the previous one (its steps, the chosen step) carries over.
  return <RunView key={runId} runId={runId!} />;
}

function RunView(props: { runId: string }) {
  const { runId } = props;
  const api = useApi(multistageBuildApiRef);
  const alertApi = useApi(alertApiRef);
  const navigate = useNavigate();
  const links = useWorkspaceLinks();
  const permissions = useBuildPermissions();
  const { run, steps, error } = useBuildRun(runId);
  const [selected, setSelected] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  if (error) return <ResponseErrorPanel error={error} title="Build run" />;
  if (!run) return <Progress />;
  const failing = failingStep(run, steps);
  const shownStep = steps.find(s => s.digest === selected) ?? failing;
  const active = run.status === 'queued' || run.status === 'running';

  const act = async (what: 'cancel' | 'rebuild') => {
    setBusy(true);
    try {
      if (what === 'cancel') await api.cancelBuild(run.id);
      else navigate(links.run((await api.rebuild(run.id)).id));
    } catch (e) {
      // A run that ended meanwhile answers 409: say so, rather than leave an unhandled rejection.
      alertApi.post({ message: `Could not ${what} the build: ${errorMessage(e)}`, severity: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <InfoCard
          title={
            <span data-run-id={run.id}>
              Build {run.id.slice(0, 8)} <RunStatusChip status={run.status} />
            </span>
          }
          subheader={summary(run)}
          action={
            <Box display="flex" style={{ gap: 8 }}>
              {active ? (
                <Tooltip title={permissions.cancel.reason ?? ''}>
                  <span>
                    <Button disabled={busy || !permissions.cancel.allowed} onClick={() => act('cancel')}>
                      Cancel
                    </Button>
                  </span>
                </Tooltip>
              ) : (
                <Tooltip title={permissions.run.reason ?? 'Build again with the same target and build args'}>
                  <span>
                    <Button color="primary" disabled={busy || !permissions.run.allowed} onClick={() => act('rebuild')}>
                      Rebuild
                    </Button>
                  </span>
                </Tooltip>
              )}
            </Box>
          }
        >
          <Link to={links.builds()}>All builds</Link>
          {run.error && (
            <Typography color="error" paragraph>
              {run.error}
            </Typography>
          )}
          {run.pushed && <PushedImage pushed={run.pushed} />}
        </InfoCard>
      </Grid>
      {failing && run.status === 'failed' && (
        <Grid item xs={12}>
          <FailureInDockerfile run={run} step={failing} />
        </Grid>
      )}
      <Grid item xs={12}>
        <RunTimeline steps={steps} selected={shownStep?.digest} onSelect={setSelected} />
      </Grid>
      <Grid item xs={12} xl={6}>
        <InfoCard title="Steps" subheader="Click a step to see its log">
          <StageProgress steps={steps} stageSizes={run.stageSizes} selected={shownStep?.digest} onSelect={setSelected} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} xl={6}>
        {shownStep ? (
          <StepLogPanel run={run} step={shownStep} />
        ) : (
          <InfoCard title="Log">
            <Typography color="textSecondary">Choose a step to see its output.</Typography>
          </InfoCard>
        )}
      </Grid>
      <Grid item xs={12}>
        <RunDetails run={run} steps={steps} />
      </Grid>
    </Grid>
  );
}
