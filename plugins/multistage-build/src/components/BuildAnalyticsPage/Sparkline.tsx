import { useTheme } from '@material-ui/core/styles';

const width = 80;
const height = 24;
const pad = 2;

/**
 * The points of each unbroken run of values, in the sparkline's pixels
 * (higher values higher up). A day without a value breaks the line, so a
 * quiet week does not read as a steady trend.
 */
export function sparklineSegments(values: (number | null)[]): [number, number][][] {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return [];
  const min = Math.min(...known);
  const max = Math.max(...known);
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  const y = (v: number) => (max === min ? height / 2 : pad + ((max - v) / (max - min)) * (height - 2 * pad));
  const segments: [number, number][][] = [];
  let current: [number, number][] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (current.length > 0) segments.push(current);
      current = [];
    } else {
      current.push([Math.round((pad + i * step) * 10) / 10, Math.round(y(v) * 10) / 10]);
    }
  });
  if (current.length > 0) segments.push(current);
  return segments;
}

/**
 * A tiny line of the mean build duration per day, no axes: its shape, not its
 * values (the table's p50 and p95 give those). Drawn as SVG rather than with
 * recharts or core-components' TrendLine: a chart per table row is heavy, and
 * TrendLine has no gaps for days without a build.
 */
export function Sparkline(props: { values: (number | null)[]; label: string }) {
  const theme = useTheme();
  const segments = sparklineSegments(props.values);
  const color = theme.palette.primary.main;
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={props.label} data-sparkline>
      {segments.map(points =>
        points.length === 1 ? (
          <circle key={points[0].join()} cx={points[0][0]} cy={points[0][1]} r={1.5} fill={color} />
        ) : (
          <polyline key={points[0].join()} points={points.map(p => p.join(',')).join(' ')} fill="none" stroke={color} strokeWidth={1.5} />
        ),
      )}
    </svg>
  );
}
