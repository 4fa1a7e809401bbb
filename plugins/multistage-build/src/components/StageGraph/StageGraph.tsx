import { InfoCard } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useEffect, useRef, useState } from 'react';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import type { DockerfileAnalysisResponse } from '@stagecraft/plugin-multistage-build-common';
import { layoutStageGraph, nodeHeight, nodeWidth } from './layoutStageGraph';

const useStyles = makeStyles(theme => ({
  viewport: { overflow: 'hidden', cursor: 'grab', maxHeight: 520, border: `1px solid ${theme.palette.divider}` },
  controls: { display: 'flex', gap: theme.spacing(1), alignItems: 'center', marginBottom: theme.spacing(1) },
  legend: { display: 'flex', gap: theme.spacing(3), flexWrap: 'wrap', marginTop: theme.spacing(1) },
}));

const dash: Record<string, string | undefined> = { from: undefined, copy: '6 4', mount: '2 3' };

/** Cycles first: a red arrow matters more than a highlighted one. */
function edgeStyle(edge: { backwards: boolean; critical: boolean }): 'error' | 'critical' | 'normal' {
  if (edge.backwards) return 'error';
  return edge.critical ? 'critical' : 'normal';
}

function truncate(text: string, max: number) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

type Props = Pick<
  DockerfileAnalysisResponse,
  'stages' | 'edges' | 'parallelGroups' | 'criticalPath' | 'target' | 'blockedStages'
> & {
  /** The stage shown in the inspector. */
  selected?: number;
  /** Called with a stage's index when it is clicked. */
  onSelect?: (index: number) => void;
  /** Stages the chosen target needs; the others are drawn muted. All when absent. */
  needed?: number[];
};

/**
 * The stage dependency graph: columns are stages that can build in parallel,
 * arrows show what each stage needs (FROM solid, COPY --from dashed, mounts
 * dotted), the critical path to the target is highlighted.
 */
export function StageGraph(props: Props) {
  const classes = useStyles();
  const theme = useTheme();
  const layout = layoutStageGraph(props);
  // A fixed window onto the graph: a large graph starts fitted into it, then zooms and pans.
  const viewWidth = Math.min(layout.width, 1100);
  const viewHeight = Math.min(layout.height + 30, 480);
  const fit = Math.min(1, viewWidth / layout.width, viewHeight / (layout.height + 30));
  const [zoom, setZoom] = useState(fit);
  const [pan, setPan] = useState({ x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number; pan: { x: number; y: number } } | undefined>();
  const viewport = useRef<HTMLDivElement>(null);
  // Ctrl (or ⌘) + wheel zooms the graph, not the page: React's wheel listener is
  // passive and cannot stop the browser's zoom, so this one is registered by hand.
  useEffect(() => {
    const element = viewport.current;
    if (!element) return undefined;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      setZoom(z => Math.min(4, Math.max(0.1, z * (e.deltaY < 0 ? 1.1 : 1 / 1.1))));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);
  const needed = props.needed ? new Set(props.needed) : undefined;
  const onPath = new Set(props.criticalPath.stages);
  const blocked = new Set(props.blockedStages);
  const critical = theme.palette.secondary.main;
  const error = theme.palette.error.main;
  const ink = theme.palette.text.primary;
  const muted = theme.palette.text.secondary;
  const markerColor = { normal: muted, critical, error };

  const seconds = props.criticalPath.seconds;
  const recorded = Object.values(props.criticalPath.weights).some(w => w.source === 'recorded');
  const subheader =
    props.criticalPath.stages.length > 0
      ? `Critical path: ${props.criticalPath.stages
          .map(i => props.stages[i]?.name ?? `stage ${i}`)
          .join(' → ')} (${recorded ? '' : 'estimated '}${seconds} s)`
      : 'No critical path: the target cannot be built';

  return (
    <InfoCard title="Stage graph" subheader={subheader}>
      <div className={classes.controls}>
        <Button size="small" variant="outlined" aria-label="Zoom in" onClick={() => setZoom(z => Math.min(4, z * 1.25))}>
          +
        </Button>
        <Button size="small" variant="outlined" aria-label="Zoom out" onClick={() => setZoom(z => Math.max(0.1, z / 1.25))}>
          −
        </Button>
        <Button
          size="small"
          onClick={() => {
            setZoom(fit);
            setPan({ x: 0, y: 0 });
          }}
        >
          Fit
        </Button>
        <Typography variant="caption" color="textSecondary">
          {props.stages.length} stages · drag to pan, Ctrl + wheel or +/− to zoom{props.onSelect ? ', click a stage to inspect it' : ''}
        </Typography>
      </div>
      {/* Pointer panning only: the buttons above zoom and fit from the keyboard. */}
      {/* eslint-disable-next-line jsx-a11y/no-static-element-interactions */}
      <div
        ref={viewport}
        className={classes.viewport}
        onMouseDown={e => {
          drag.current = { x: e.clientX, y: e.clientY, pan };
        }}
        onMouseMove={e => {
          const start = drag.current;
          if (start) setPan({ x: start.pan.x + e.clientX - start.x, y: start.pan.y + e.clientY - start.y });
        }}
        onMouseUp={() => {
          drag.current = undefined;
        }}
        onMouseLeave={() => {
          drag.current = undefined;
        }}
      >
        <svg
          role="img"
          aria-label="Stage dependency graph"
          width={viewWidth}
          height={viewHeight}
          style={{ maxWidth: '100%' }}
          viewBox={`${-pan.x / zoom} ${-30 - pan.y / zoom} ${viewWidth / zoom} ${viewHeight / zoom}`}
          preserveAspectRatio="xMinYMin meet"
        >
          <defs>
            {(['normal', 'critical', 'error'] as const).map(kind => (
              <marker
                key={kind}
                id={`stagecraft-arrow-${kind}`}
                viewBox="0 0 10 10"
                refX="10"
                refY="5"
                markerWidth="7"
                markerHeight="7"
                orient="auto-start-reverse"
              >
                <path d="M 0 0 L 10 5 L 0 10 z" fill={markerColor[kind]} />
              </marker>
            ))}
          </defs>
          {layout.edges.map(edge => {
            const marker = edgeStyle(edge);
            const color = markerColor[marker];
            return (
              <path
                key={`${edge.from}-${edge.to}-${edge.kind}`}
                data-edge={`${edge.from}->${edge.to}:${edge.kind}`}
                d={edge.d}
                fill="none"
                stroke={color}
                strokeWidth={edge.critical ? 2.5 : 1.5}
                strokeDasharray={dash[edge.kind]}
                markerEnd={`url(#stagecraft-arrow-${marker})`}
              />
            );
          })}
          {layout.nodes.map(node => {
            const stage = props.stages[node.index];
            const isTarget = node.index === props.target;
            const isSelected = node.index === props.selected;
            let stroke = muted;
            if (blocked.has(node.index)) stroke = error;
            else if (onPath.has(node.index)) stroke = critical;
            if (isSelected) stroke = theme.palette.primary.main;
            const unused = needed !== undefined && !needed.has(node.index);
            return (
              <g
                key={node.index}
                data-stage={node.index}
                data-needed={unused ? 'false' : 'true'}
                transform={`translate(${node.x}, ${node.y})`}
                opacity={unused ? 0.45 : 1}
                style={props.onSelect ? { cursor: 'pointer' } : undefined}
                onClick={() => props.onSelect?.(node.index)}
              >
                <title>
                  {`${stage.name ?? `stage ${stage.index}`}: ${stage.role}, FROM ${stage.resolvedBase} (lines ${stage.line}–${stage.endLine})`}
                </title>
                <rect
                  width={nodeWidth}
                  height={nodeHeight}
                  rx={6}
                  fill={theme.palette.background.paper}
                  stroke={stroke}
                  strokeDasharray={unused ? '4 3' : undefined}
                  strokeWidth={isTarget || isSelected ? 3 : 1.5}
                />
                <text x={10} y={22} fill={ink} fontSize={14} fontWeight={600}>
                  {truncate(`${stage.name ?? `stage ${stage.index}`}${isTarget ? ' (target)' : ''}`, 24)}
                </text>
                <text x={10} y={42} fill={muted} fontSize={12}>
                  {truncate(`${stage.role} · ${stage.resolvedBase}`, 28)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <div className={classes.legend}>
        <Typography variant="caption">Solid: built FROM · dashed: COPY --from · dotted: RUN --mount from=</Typography>
        <Typography variant="caption">Highlighted: critical path to the target (thick border)</Typography>
        {needed && <Typography variant="caption">Faded, dashed: stages the chosen target does not need</Typography>}
        {blocked.size > 0 && (
          <Typography variant="caption" color="error">
            Red: a dependency cycle; BuildKit cannot build these stages
          </Typography>
        )}
      </div>
    </InfoCard>
  );
}
