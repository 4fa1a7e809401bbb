import { EmptyState, LinkButton, Progress, ResponseErrorPanel } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatDuration } from '../../format/units';
import { useBuildAnalytics } from '../../hooks/useBuildAnalytics';
import { useWorkspaceLinks } from '../BuildWorkspace/workspaceLinks';
import { ChartCard, chartPalette } from '../ChartCard';
import { chartRows, type ChartRow } from './chartData';

const pageSize = 100;

/**
 * The entity's builds over time: duration (with p50 and p95 per target),
 * cache hit ratio, image size, findings by severity, and per-stage durations.
 * A click on a point opens that run.
 */
export function AnalyticsView() {
  const theme = useTheme();
  const navigate = useNavigate();
  const links = useWorkspaceLinks();
  const [offset, setOffset] = useState(0);
  const history = useBuildAnalytics({ limit: pageSize, offset });

  if (history.error) return <ResponseErrorPanel error={history.error} title="Build analytics" />;
  if (!history.value) return <Progress />;
  const value = history.value;
  if (value.total === 0) {
    return (
      <EmptyState
        missing="data"
        title="No builds yet"
        description="Analytics chart every build of this entity: duration, cache hits, image size, findings and time per stage. Start a first build to see them."
        action={
          <LinkButton to={links.builds()} variant="contained" color="primary">
            Go to builds
          </LinkButton>
        }
      />
    );
  }
  const { rows, stages, targets } = chartRows(value);
  const open = (state: { activePayload?: { payload: ChartRow }[] } | null) => {
    const runId = state?.activePayload?.[0]?.payload.runId;
    if (runId) navigate(links.run(runId));
  };
  const axis = { stroke: theme.palette.text.secondary, fontSize: 12 };
  const common = { data: rows, onClick: open, style: { cursor: 'pointer' } };

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" style={{ gap: 16 }}>
          <Typography>
            Runs {value.total - value.offset - value.runs.length + 1}–{value.total - value.offset} of {value.total} ·{' '}
            {Object.entries(value.byStatus).map(([s, n]) => `${n} ${s}`).join(', ')}
          </Typography>
          <Button size="small" disabled={offset + pageSize >= value.total} onClick={() => setOffset(offset + pageSize)}>
            Older
          </Button>
          <Button size="small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
            Newer
          </Button>
        </Box>
      </Grid>
      <Grid item xs={12} lg={6}>
        <ChartCard
          testId="duration"
          title="Duration per run"
          subheader={value.byTarget.map(t => `${t.target ?? 'last stage'}: p50 ${formatDuration(t.p50Ms)}, p95 ${formatDuration(t.p95Ms)}`).join(' · ') || 'No succeeded run yet'}
        >
          <LineChart {...common}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" {...axis} />
            <YAxis unit=" s" {...axis} />
            <Tooltip formatter={(v: number) => formatDuration(v * 1000)} />
            <Legend />
            {targets.map((target, i) => (
              <Line
                key={target}
                name={target}
                dataKey={(row: ChartRow) => (row.target === target ? row.seconds : null)}
                stroke={chartPalette[i % chartPalette.length]}
                connectNulls
                dot={{ r: 4 }}
                activeDot={{ r: 6 }}
                isAnimationActive={false}
              />
            ))}
            {value.byTarget.flatMap((t, i) =>
              [
                { ms: t.p50Ms, label: 'p50' },
                { ms: t.p95Ms, label: 'p95' },
              ].map(({ ms, label }) =>
                ms === null ? null : (
                  <ReferenceLine
                    key={`${t.target}-${label}`}
                    y={ms / 1000}
                    stroke={chartPalette[targets.indexOf(t.target ?? 'last stage') % chartPalette.length] ?? chartPalette[i]}
                    strokeDasharray={label === 'p50' ? '4 4' : '1 3'}
                    label={{ value: `${t.target ?? 'last stage'} ${label}`, position: 'insideTopRight', fontSize: 11 }}
                  />
                ),
              ),
            )}
          </LineChart>
        </ChartCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <ChartCard testId="cache" title="Cache hit ratio" subheader="Steps taken from the cache, of all steps that ran">
          <LineChart {...common}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" {...axis} />
            <YAxis unit=" %" domain={[0, 100]} {...axis} />
            <Tooltip />
            <Line name="cached steps" dataKey="cachePercent" unit=" %" stroke={chartPalette[2]} connectNulls dot={{ r: 4 }} isAnimationActive={false} />
          </LineChart>
        </ChartCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <ChartCard testId="size" title="Image size" subheader="The built target's image">
          <LineChart {...common}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" {...axis} />
            <YAxis unit=" MB" {...axis} />
            <Tooltip formatter={(v: number) => `${v.toFixed(1)} MB`} />
            <Line name="image size" dataKey="imageMB" stroke={chartPalette[4]} connectNulls dot={{ r: 4 }} isAnimationActive={false} />
          </LineChart>
        </ChartCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <ChartCard
          testId="findings"
          title="Findings by severity"
          subheader={`Of the Dockerfile each run built · ${value.dockerfileVersions.length} version${value.dockerfileVersions.length === 1 ? '' : 's'} analysed`}
        >
          <AreaChart {...common}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" {...axis} />
            <YAxis allowDecimals={false} {...axis} />
            <Tooltip />
            <Legend />
            <Area name="errors" dataKey="errors" stackId="f" stroke={theme.palette.error.main} fill={theme.palette.error.main} isAnimationActive={false} />
            <Area name="warnings" dataKey="warnings" stackId="f" stroke={theme.palette.warning.main} fill={theme.palette.warning.main} isAnimationActive={false} />
            <Area name="info" dataKey="infos" stackId="f" stroke={theme.palette.info.main} fill={theme.palette.info.main} isAnimationActive={false} />
          </AreaChart>
        </ChartCard>
      </Grid>
      <Grid item xs={12}>
        <ChartCard testId="stages" title="Time per stage" subheader="Summed step durations of each stage; parallel stages overlap in wall time">
          <BarChart {...common}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" {...axis} />
            <YAxis unit=" s" {...axis} />
            <Tooltip formatter={(v: number) => formatDuration(v * 1000)} />
            <Legend />
            {stages.map((stage, i) => (
              <Bar key={stage} name={stage} dataKey={`stage:${stage}`} stackId="s" fill={chartPalette[i % chartPalette.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ChartCard>
      </Grid>
    </Grid>
  );
}
