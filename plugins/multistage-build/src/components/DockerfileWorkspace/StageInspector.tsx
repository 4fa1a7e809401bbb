import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import type { Stage, StageSummary } from '@stagecraft/plugin-multistage-build-common';
import { formatBytes, formatDuration } from '../../format/units';
import { useBuildAnalytics } from '../../hooks/useBuildAnalytics';
import { useBuildRuns } from '../../hooks/useBuildRuns';
import { stageUses } from './stageUses';

function Row(props: { label: string; children: React.ReactNode }) {
  return (
    <Typography variant="body2" paragraph>
      <strong>{props.label}:</strong> {props.children}
    </Typography>
  );
}

const list = (items: string[]) => (items.length === 0 ? 'none' : items.map(i => <code key={i}>{i} </code>));

/**
 * One stage: its role, its base as written and as resolved with the
 * configured build args, what it uses, and its last measured size and time.
 */
export function StageInspector(props: { stage: Stage; summary: StageSummary; configuredArgs: boolean }) {
  const { stage, summary } = props;
  // Asked for only when a stage is inspected; the last succeeded run is usually among the newest few.
  const lastRun = useBuildRuns({ limit: 1, status: ['succeeded'] });
  const lastHistory = useBuildAnalytics({ limit: 20, offset: 0 });
  const lastSucceeded = lastRun.value?.items[0];
  const buildkitName = stage.name ?? `stage-${stage.index}`;
  const lastSize = lastSucceeded?.stageSizes[buildkitName];
  const lastDurationMs = lastHistory.value?.runs.find(r => r.runId === lastSucceeded?.id)?.stageDurations[buildkitName];
  const uses = stageUses(stage);
  const name = stage.name ?? `stage ${stage.index}`;
  return (
    <InfoCard title={<span data-inspected-stage={name}>Stage {name}</span>} subheader={`lines ${stage.line}–${stage.endLine} · ${summary.instructionCount} instructions`}>
      <Row label="Role">{stage.role}</Row>
      <Row label="Base as written">
        <code>{stage.base}</code>
      </Row>
      <Row label={props.configuredArgs ? 'Base with the configured build args' : 'Base with the defaults'}>
        <code data-resolved-base>{stage.resolvedBase}</code> ({stage.baseKind})
      </Row>
      {stage.platform && (
        <Row label="Platform">
          <code>{stage.platform}</code>
        </Row>
      )}
      <Row label="ARGs">{list(uses.args)}</Row>
      <Row label="Secrets">{list(uses.secrets)}</Row>
      <Row label="SSH">{list(uses.ssh)}</Row>
      <Row label="Cache mounts">{list(uses.caches)}</Row>
      <Row label="Last measured">
        {lastSize === undefined && lastDurationMs === undefined
          ? 'no succeeded build has measured it yet'
          : `${formatBytes(lastSize)} · ${formatDuration(lastDurationMs)} of steps`}
      </Row>
    </InfoCard>
  );
}
