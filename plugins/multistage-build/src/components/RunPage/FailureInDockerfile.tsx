import { InfoCard } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { BuildRun, BuildStep } from '@stagecraft/plugin-multistage-build-common';
import { analyzeInBrowser } from '../../analysis/analyzeInBrowser';
import { useEntityDockerfile } from '../../hooks/useEntityDockerfile';

const useStyles = makeStyles(theme => ({
  code: { fontFamily: 'monospace', fontSize: 13, margin: 0, whiteSpace: 'pre-wrap' },
  failing: { background: theme.palette.error.light, color: theme.palette.error.contrastText },
}));

/** The instructions BuildKit numbers in a step's `[stage n/N]`: those that make a build step. */
const numbered = new Set(['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR']);

/**
 * The line of the instruction a step ran, in the Dockerfile text; undefined
 * when the step names none, or the instruction found is not the one it ran.
 */
export function failingLine(text: string, step: BuildStep): number | undefined {
  if (step.step === null || step.stage === null || !step.instruction) return undefined;
  let graph;
  try {
    graph = analyzeInBrowser({ path: 'Dockerfile', text, stagesOnly: true }).graph;
  } catch {
    return undefined; // over an analysis limit: no line rather than a wrong one
  }
  const stage =
    graph.stages.find(s => s.name === step.stage) ??
    graph.stages.find(s => `stage-${s.index}` === step.stage) ??
    (graph.stages.length === 1 ? graph.stages[0] : undefined);
  const instruction = stage?.instructions.filter(i => numbered.has(i.keyword))[step.step - 1];
  // Only the instruction the step names: an unexpected numbering must not point at a wrong line.
  return instruction && step.instruction.toUpperCase().startsWith(instruction.keyword) ? instruction.line : undefined;
}

/** The failing step's error at its line in the Dockerfile, when the file is still the one the run built. */
export function FailureInDockerfile(props: { run: BuildRun; step: BuildStep }) {
  const classes = useStyles();
  const dockerfile = useEntityDockerfile();
  if (!dockerfile.value) return null;
  const { text, digest } = dockerfile.value;
  const same = digest === props.run.dockerfileDigest;
  const line = same ? failingLine(text, props.step) : undefined;
  const lines = text.split('\n');
  return (
    <InfoCard title={`Failed at ${props.run.dockerfilePath}${line ? `:${line}` : ''}`}>
      <Typography color="error" paragraph>
        {props.step.error}
      </Typography>
      {line === undefined ? (
        <Typography color="textSecondary">
          {same ? 'The step names no Dockerfile line.' : 'The Dockerfile has changed since this run; its line is not shown.'}
        </Typography>
      ) : (
        <pre className={classes.code} data-failing-line={line}>
          {lines.slice(Math.max(0, line - 3), line + 2).map((content, i) => {
            const number = Math.max(1, line - 2) + i;
            return (
              <div key={number} className={number === line ? classes.failing : undefined}>
                {String(number).padStart(4)}  {content}
              </div>
            );
          })}
        </pre>
      )}
    </InfoCard>
  );
}
