import { InfoCard, LogViewer } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import { describeMissReason, type BuildRun, type BuildStep } from '@stagecraft/plugin-multistage-build-common';
import useAsync from 'react-use/esm/useAsync';
import { multistageBuildApiRef } from '../../api';
import { formatBytes, formatDuration } from '../../format/units';
import { downloadText } from './downloadText';

const finished = new Set(['succeeded', 'failed', 'cancelled']);

/**
 * One step's output in Backstage's LogViewer (search, line links): while the
 * run goes on, what arrived live; once it ended, the whole stored output.
 */
export function StepLogPanel(props: { run: BuildRun; step: BuildStep }) {
  const api = useApi(multistageBuildApiRef);
  const { run, step } = props;
  const ended = finished.has(run.status);
  const stored = useAsync(
    async () => (ended ? api.getStepLog(run.id, step.digest).catch(() => undefined) : undefined),
    [api, run.id, step.digest, ended],
  );
  const text = stored.value?.text ?? step.logTail;
  const dropped = stored.value?.droppedBytes ?? 0;
  let state = 'running';
  if (step.cached) state = 'from cache';
  else if (step.error) state = 'failed';
  else if (step.completedAt) state = `built in ${formatDuration(step.durationMs)}`;
  return (
    <InfoCard
      title={<span data-step-log={step.instruction ?? step.name}>{step.instruction ?? step.name}</span>}
      subheader={`${step.stage ?? 'internal'} · ${state}${dropped > 0 ? ` · the first ${formatBytes(dropped)} were not kept` : ''}`}
    >
      {step.missReason && (
        <Typography variant="body2" paragraph data-miss-reason={step.missReason.kind}>
          Cache miss: {describeMissReason(step.missReason)}
        </Typography>
      )}
      {step.error && (
        <Typography variant="body2" color="error" paragraph>
          {step.error}
        </Typography>
      )}
      {text ? (
        <div style={{ height: 360 }}>
          <LogViewer
            text={text}
            onDownloadLog={() => downloadText(`${run.id.slice(0, 8)}-${(step.stage ?? 'step').replace(/\W+/g, '-')}-${step.step ?? 0}.log`, text)}
          />
        </div>
      ) : (
        <Typography color="textSecondary">{step.cached ? 'A cached step prints nothing.' : 'No output.'}</Typography>
      )}
    </InfoCard>
  );
}
