import { InfoCard } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';
import { ResponsiveContainer } from 'recharts';

/** The series colours of every chart in the plugin, so a series keeps its colour from one chart to the next. */
export const chartPalette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

const useStyles = makeStyles({
  // Reference lines (p50, p95) lie over the points: clicks go through them to the point.
  chart: { width: '100%', height: 260, '& .recharts-reference-line': { pointerEvents: 'none' } },
});

/** A recharts chart in a card, filling its width; `testId` marks it for tests (`data-chart`). */
export function ChartCard(props: { title: string; subheader?: string; children: ReactNode; testId: string }) {
  const classes = useStyles();
  return (
    <InfoCard title={props.title} subheader={props.subheader}>
      <div className={classes.chart} data-chart={props.testId}>
        <ResponsiveContainer>{props.children as any}</ResponsiveContainer>
      </div>
    </InfoCard>
  );
}
