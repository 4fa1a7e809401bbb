/*
 * The fleet table as CSV (RFC 4180): one row per entity, raw numbers (ms,
 * bytes, ratios 0–1) so a spreadsheet can compute with them. Cells that a
 * spreadsheet would run as a formula are prefixed with a quote.
 */
import type { FleetEntity } from '@stagecraft/plugin-multistage-build-common';

const columns: [string, (row: FleetEntity) => string | number | null][] = [
  ['entity', r => r.entityRef],
  ['title', r => r.title],
  ['owner', r => r.owner],
  ['system', r => r.system],
  ['lifecycle', r => r.lifecycle],
  ['type', r => r.type],
  ['last_build_status', r => r.lastBuild?.status ?? 'never built'],
  ['last_build_at', r => r.lastBuild?.createdAt ?? null],
  ['last_build_engine', r => r.lastBuild?.engine ?? null],
  ['builds', r => r.builds],
  ['duration_p50_ms', r => r.durationP50Ms],
  ['duration_p95_ms', r => r.durationP95Ms],
  ['cache_hit_ratio', r => (r.cacheHitRatio === null ? null : Number(r.cacheHitRatio.toFixed(4)))],
  ['image_size_bytes', r => r.imageSize],
  ['image_size_change_bytes', r => r.imageSizeChange],
  ['open_errors', r => r.openFindings?.error ?? null],
  ['open_warnings', r => r.openFindings?.warning ?? null],
  ['open_infos', r => r.openFindings?.info ?? null],
  ['scan_error', r => r.scanError],
];

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  // CSV injection: =, +, -, @ (and tab, CR) start a formula in spreadsheets; numbers are written as numbers.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function fleetCsv(rows: FleetEntity[]): string {
  const lines = [columns.map(([name]) => name).join(',')];
  for (const row of rows) lines.push(columns.map(([, value]) => csvCell(value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
