import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { describeMissReason, type BuildStep } from '@stagecraft/plugin-multistage-build-common';
import { useState } from 'react';

const useStyles = makeStyles(theme => ({
  stage: { marginTop: theme.spacing(2) },
  log: {
    maxHeight: 240,
    overflow: 'auto',
    fontSize: 12,
    background: theme.palette.background.default,
    padding: theme.spacing(1),
    whiteSpace: 'pre-wrap',
  },
  instruction: { fontFamily: 'monospace', wordBreak: 'break-all' },
  duration: { whiteSpace: 'nowrap' },
  clickable: { cursor: 'pointer' },
}));

function stepState(step: BuildStep): { label: string; color: 'default' | 'primary' | 'secondary' } {
  if (step.error) return { label: 'failed', color: 'secondary' };
  if (step.cached) return { label: 'cached', color: 'primary' };
  if (step.completedAt) return { label: 'done', color: 'default' };
  return { label: step.startedAt ? 'running' : 'waiting', color: 'default' };
}

function seconds(ms: number | null): string {
  return ms === null ? '' : `${(ms / 1000).toFixed(1)} s`;
}

/** A run's steps grouped by stage, each with its state, duration and why it missed the cache. */
export function StageProgress(props: { steps: BuildStep[]; stageSizes: Record<string, number> }) {
  const classes = useStyles();
  const [open, setOpen] = useState<string | null>(null);
  const stages = new Map<string, BuildStep[]>();
  for (const step of props.steps) {
    if (step.stage === null) continue;
    stages.set(step.stage, [...(stages.get(step.stage) ?? []), step]);
  }
  if (stages.size === 0) return <Typography color="textSecondary">Waiting for the engine…</Typography>;

  return (
    <>
      {[...stages].map(([stage, steps]) => {
        const sorted = [...steps].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
        const done = sorted.filter(s => s.completedAt || s.cached).length;
        const size = props.stageSizes[stage];
        return (
          <div key={stage} className={classes.stage} data-stage-progress={stage}>
            <Typography variant="subtitle2">
              {stage} · {done}/{sorted.length} steps
              {size !== undefined ? ` · image ${(size / 1e6).toFixed(1)} MB` : ''}
            </Typography>
            <Table size="small">
              <TableBody>
                {sorted.map(step => {
                  const state = stepState(step);
                  const showLog = open === step.digest || (step.error !== null && open === null);
                  return [
                    <TableRow
                      key={step.digest}
                      hover
                      className={classes.clickable}
                      data-step={step.name}
                      onClick={() => setOpen(open === step.digest ? null : step.digest)}
                    >
                      <TableCell width="8em">
                        <Chip size="small" label={state.label} color={state.color} />
                      </TableCell>
                      <TableCell className={classes.instruction}>{step.instruction}</TableCell>
                      <TableCell className={classes.duration}>{seconds(step.durationMs)}</TableCell>
                      <TableCell>
                        {step.missReason ? (
                          <Typography variant="body2" data-miss-reason={step.missReason.kind}>
                            cache miss: {describeMissReason(step.missReason)}
                          </Typography>
                        ) : null}
                        {step.error ? <Typography variant="body2" color="error">{step.error}</Typography> : null}
                      </TableCell>
                    </TableRow>,
                    showLog && step.logTail ? (
                      <TableRow key={`${step.digest}-log`}>
                        <TableCell colSpan={4}>
                          <pre className={classes.log}>{step.logTail}</pre>
                        </TableCell>
                      </TableRow>
                    ) : null,
                  ];
                })}
              </TableBody>
            </Table>
          </div>
        );
      })}
    </>
  );
}
