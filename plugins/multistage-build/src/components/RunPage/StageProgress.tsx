import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { describeMissReason, type BuildStep } from '@stagecraft/plugin-multistage-build-common';
import { formatBytes, formatDuration } from '../../format/units';

const useStyles = makeStyles(theme => ({
  stage: { marginTop: theme.spacing(2) },
  instruction: { fontFamily: 'monospace', wordBreak: 'break-word' },
  duration: { whiteSpace: 'nowrap' },
  clickable: { cursor: 'pointer' },
}));

function stepState(step: BuildStep): { label: string; color: 'default' | 'primary' | 'secondary' } {
  if (step.error) return { label: 'failed', color: 'secondary' };
  if (step.cached) return { label: 'cached', color: 'primary' };
  if (step.completedAt) return { label: 'done', color: 'default' };
  return { label: step.startedAt ? 'running' : 'waiting', color: 'default' };
}

/** A run's steps grouped by stage, each with its state, duration and why it missed the cache; a click selects one. */
export function StageProgress(props: {
  steps: BuildStep[];
  stageSizes: Record<string, number>;
  selected?: string;
  onSelect: (digest: string) => void;
}) {
  const classes = useStyles();
  const stages = new Map<string, BuildStep[]>();
  for (const step of props.steps) {
    if (step.stage === null) continue;
    // A run of several platforms shows each stage once per platform.
    const key = step.platform ? `${step.stage} (${step.platform})` : step.stage;
    stages.set(key, [...(stages.get(key) ?? []), step]);
  }
  if (stages.size === 0) return <Typography color="textSecondary">Waiting for the engine…</Typography>;

  return (
    <>
      {[...stages].map(([stage, steps]) => {
        const sorted = [...steps].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
        const done = sorted.filter(s => s.completedAt || s.cached).length;
        const size = sorted[0].platform ? undefined : props.stageSizes[stage];
        return (
          <div key={stage} className={classes.stage} data-stage-progress={stage}>
            <Typography variant="subtitle2">
              {stage} · {done}/{sorted.length} steps
              {size !== undefined ? ` · image ${formatBytes(size)}` : ''}
            </Typography>
            <Table size="small">
              <TableBody>
                {sorted.map(step => {
                  const state = stepState(step);
                  return (
                    <TableRow
                      key={step.digest}
                      hover
                      selected={props.selected === step.digest}
                      className={classes.clickable}
                      data-step={step.name}
                      onClick={() => props.onSelect(step.digest)}
                    >
                      <TableCell width="8em">
                        <Chip size="small" label={state.label} color={state.color} />
                      </TableCell>
                      <TableCell className={classes.instruction}>{step.instruction}</TableCell>
                      <TableCell className={classes.duration}>{step.durationMs === null ? '' : formatDuration(step.durationMs)}</TableCell>
                      <TableCell>
                        {step.missReason ? (
                          <Typography variant="body2" data-miss-reason={step.missReason.kind}>
                            cache miss: {describeMissReason(step.missReason)}
                          </Typography>
                        ) : null}
                        {step.error ? <Typography variant="body2" color="error">{step.error}</Typography> : null}
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </div>
        );
      })}
    </>
  );
}
