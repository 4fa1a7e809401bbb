import type { EntityBuildHistory } from '@stagecraft/plugin-multistage-build-common';

/** One row per run for the charts, oldest first: values in the units the axes show. */
export interface ChartRow {
  runId: string;
  label: string;
  target: string;
  status: string;
  seconds: number | null;
  cachePercent: number | null;
  imageMB: number | null;
  errors: number | null;
  warnings: number | null;
  infos: number | null;
  /** Seconds per stage, keyed `stage:<name>` so stage names never clash with the fields above. */
  [stage: `stage:${string}`]: number;
}

export function chartRows(history: EntityBuildHistory): { rows: ChartRow[]; stages: string[]; targets: string[] } {
  const stages = new Set<string>();
  const targets = new Set<string>();
  const rows = history.runs.map((p, i) => {
    const row: ChartRow = {
      runId: p.runId,
      label: `#${history.total - history.offset - history.runs.length + i + 1}`,
      target: p.target ?? 'last stage',
      status: p.status,
      seconds: p.durationMs === null ? null : p.durationMs / 1000,
      cachePercent: p.cacheHitRatio === null ? null : Math.round(p.cacheHitRatio * 100),
      imageMB: p.imageSize === null ? null : p.imageSize / 1e6,
      errors: p.findings?.error ?? null,
      warnings: p.findings?.warning ?? null,
      infos: p.findings?.info ?? null,
    };
    targets.add(row.target);
    for (const [stage, ms] of Object.entries(p.stageDurations)) {
      stages.add(stage);
      row[`stage:${stage}`] = ms / 1000;
    }
    return row;
  });
  return { rows, stages: [...stages], targets: [...targets] };
}
