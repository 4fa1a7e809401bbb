import Grid from '@material-ui/core/Grid';
import { useTheme } from '@material-ui/core/styles';
import type { FleetDay } from '@stagecraft/plugin-multistage-build-common';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDuration } from '../../format/units';
import { ChartCard, chartPalette } from '../ChartCard';
import { fleetChartRows } from './fleetChartRows';

/**
 * The window day by day: builds by status, the org's cache hit ratio, the
 * time the cache saved, and the median image size. A day without a figure
 * (no finished build, no succeeded build) is a gap in the line, not a zero.
 */
export function FleetCharts(props: { daily: FleetDay[] }) {
  const theme = useTheme();
  const data = fleetChartRows(props.daily);
  const axis = { stroke: theme.palette.text.secondary, fontSize: 12 };
  // Isolated days between gaps have no line to show them: every day gets a dot.
  const line = { connectNulls: false, dot: { r: 2 }, isAnimationActive: false };

  return (
    <Grid container spacing={2}>
      <Grid item xs={12} lg={6}>
        <ChartCard testId="builds-per-day" title="Builds per day" subheader="By how they ended">
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" {...axis} />
            <YAxis allowDecimals={false} {...axis} />
            <Tooltip />
            <Legend />
            <Bar name="succeeded" dataKey="succeeded" stackId="s" fill={theme.palette.success.main} isAnimationActive={false} />
            <Bar name="failed" dataKey="failed" stackId="s" fill={theme.palette.error.main} isAnimationActive={false} />
            <Bar name="cancelled" dataKey="cancelled" stackId="s" fill={theme.palette.grey[500]} isAnimationActive={false} />
          </BarChart>
        </ChartCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <ChartCard testId="cache-per-day" title="Cache hit ratio per day" subheader="Cached steps, of all steps of the day's finished builds">
          <LineChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" {...axis} />
            <YAxis unit=" %" domain={[0, 100]} {...axis} />
            <Tooltip />
            <Line name="cached steps" dataKey="cachePercent" unit=" %" stroke={chartPalette[2]} {...line} />
          </LineChart>
        </ChartCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <ChartCard testId="time-saved-per-day" title="Time saved per day" subheader="Estimated from the cached steps' last uncached durations">
          <BarChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" {...axis} />
            <YAxis unit=" min" {...axis} />
            <Tooltip formatter={(v: number) => formatDuration(v * 60_000)} />
            <Bar name="time saved" dataKey="savedMinutes" fill={chartPalette[0]} isAnimationActive={false} />
          </BarChart>
        </ChartCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <ChartCard testId="image-size-per-day" title="Median image size per day" subheader="Of the day's succeeded builds">
          <LineChart data={data}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="label" {...axis} />
            <YAxis unit=" MB" {...axis} />
            <Tooltip formatter={(v: number) => `${v.toFixed(1)} MB`} />
            <Line name="median image size" dataKey="imageMB" stroke={chartPalette[4]} {...line} />
          </LineChart>
        </ChartCard>
      </Grid>
    </Grid>
  );
}
