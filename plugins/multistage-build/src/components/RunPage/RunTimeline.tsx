import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import type { BuildStep } from '@stagecraft/plugin-multistage-build-common';
import { formatDuration } from '../../format/units';
import { layoutTimeline } from './timelineLayout';

const rowHeight = 28;
const labelWidth = 140;
const chartWidth = 760;

const useStyles = makeStyles(theme => ({
  scroll: { overflowX: 'auto' },
  legend: { display: 'flex', gap: theme.spacing(3), flexWrap: 'wrap', marginTop: theme.spacing(1) },
}));

/**
 * A Gantt chart of the run: a row per stage, a bar per step from its start to
 * its end, so stages that ran in parallel show side by side; cached steps are
 * pale, a failed one red, and the chain that bounded the wall time outlined.
 */
export function RunTimeline(props: { steps: BuildStep[]; selected?: string; onSelect: (digest: string) => void }) {
  const classes = useStyles();
  const theme = useTheme();
  const layout = layoutTimeline(props.steps);
  if (layout.bars.length === 0) {
    return (
      <InfoCard title="Timeline">
        <Typography color="textSecondary">No step has started yet.</Typography>
      </InfoCard>
    );
  }
  const scale = chartWidth / Math.max(layout.span, 1);
  const height = layout.stages.length * rowHeight + 24;
  const critical = layout.bars.filter(b => b.critical);
  return (
    <InfoCard
      title="Timeline"
      subheader={`${formatDuration(layout.span)} wall time · critical path: ${critical.length} step${critical.length === 1 ? '' : 's'} through ${[...new Set(critical.map(b => b.stage))].join(' → ')}`}
    >
      <div className={classes.scroll}>
        <svg role="img" aria-label="Build timeline" width={labelWidth + chartWidth + 20} height={height}>
          {layout.stages.map((stage, row) => (
            <text key={stage} x={0} y={row * rowHeight + 18} fontSize={13} fill={theme.palette.text.primary}>
              {stage.length > 18 ? `${stage.slice(0, 17)}…` : stage}
            </text>
          ))}
          {[0, 0.25, 0.5, 0.75, 1].map(f => (
            <g key={f}>
              <line
                x1={labelWidth + f * chartWidth}
                x2={labelWidth + f * chartWidth}
                y1={0}
                y2={height - 20}
                stroke={theme.palette.divider}
              />
              <text x={labelWidth + f * chartWidth} y={height - 6} fontSize={11} textAnchor="middle" fill={theme.palette.text.secondary}>
                {formatDuration(f * layout.span)}
              </text>
            </g>
          ))}
          {layout.bars.map(bar => {
            const row = layout.stages.indexOf(bar.stage);
            let fill = theme.palette.primary.main;
            if (bar.cached) fill = theme.palette.action.disabled;
            if (bar.failed) fill = theme.palette.error.main;
            return (
              <rect
                key={bar.digest}
                data-timeline-step={bar.label}
                data-critical={bar.critical ? 'true' : undefined}
                x={labelWidth + bar.start * scale}
                y={row * rowHeight + 5}
                width={Math.max(2, (bar.end - bar.start) * scale)}
                height={rowHeight - 10}
                rx={3}
                fill={fill}
                opacity={bar.running ? 0.6 : 1}
                stroke={bar.critical ? theme.palette.secondary.main : 'none'}
                strokeWidth={props.selected === bar.digest ? 3 : 2}
                style={{ cursor: 'pointer' }}
                onClick={() => props.onSelect(bar.digest)}
              >
                <title>{`${bar.stage}: ${bar.label} · ${formatDuration(bar.end - bar.start)}${bar.cached ? ' · cached' : ''}${bar.critical ? ' · on the critical path' : ''}`}</title>
              </rect>
            );
          })}
        </svg>
      </div>
      <div className={classes.legend}>
        <Typography variant="caption">Blue: built · grey: from cache · red: failed</Typography>
        <Typography variant="caption">Outlined: the chain of steps that bounded the wall time</Typography>
        <Typography variant="caption">Click a bar to see its log</Typography>
      </div>
    </InfoCard>
  );
}
