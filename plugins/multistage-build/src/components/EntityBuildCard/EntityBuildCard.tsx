import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteParams, entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { countFindings } from '@stagecraft/plugin-multistage-build-common';
import { formatBytes, formatDuration, formatPercent, formatTime, runDurationMs } from '../../format/units';
import { useBuildRuns } from '../../hooks/useBuildRuns';
import { useEntityDockerfile } from '../../hooks/useEntityDockerfile';
import { RunStatusChip, findingCountsText } from '../RunStatus';

function Row(props: { label: string; children: React.ReactNode }) {
  return (
    <Typography variant="body2" paragraph>
      <strong>{props.label}:</strong> {props.children}
    </Typography>
  );
}

/**
 * The entity overview's card: the last build (status, when, duration, image
 * size, cache hit ratio) and the open findings of the current Dockerfile for
 * its default target, with a link to the build workspace.
 */
export function EntityBuildCard() {
  const { entity } = useEntity();
  const entityRoute = useRouteRef(entityRouteRef);
  const last = useBuildRuns({ limit: 1 });
  const dockerfile = useEntityDockerfile();
  const run = last.value?.items[0];
  const steps = run ? run.cacheHits + run.cacheMisses : 0;
  const tab = `${entityRoute(entityRouteParams(entity))}/multistage-build`;

  return (
    <InfoCard title="Multi-stage build" deepLink={{ title: 'Open the build workspace', link: tab }}>
      {last.loading && <Progress />}
      {last.error && <Typography color="error">Builds: {last.error.message}</Typography>}
      {last.value && !run && <Row label="Last build">never built</Row>}
      {run && (
        <div data-last-build={run.id}>
          <Row label="Last build">
            <RunStatusChip status={run.status} /> {formatTime(run.createdAt)} · <Link to={`${tab}/builds/${run.id}`}>{run.id.slice(0, 8)}</Link>
          </Row>
          <Row label="Duration">{formatDuration(runDurationMs(run))}</Row>
          <Row label="Image size">{formatBytes(run.imageSize)}</Row>
          <Row label="Cache hit ratio">{formatPercent(steps > 0 ? run.cacheHits / steps : null)}</Row>
        </div>
      )}
      <Row label="Open findings">
        <span data-open-findings>
          {dockerfile.value ? findingCountsText(countFindings(dockerfile.value.findings)) : dockerfile.error?.message ?? '…'}
        </span>
      </Row>
    </InfoCard>
  );
}
