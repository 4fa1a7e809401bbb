import type { FleetDay } from '@stagecraft/plugin-multistage-build-common';

/** One UTC day in the units the charts' axes show; null stays null, drawn as a gap. */
export interface FleetChartRow {
  day: string;
  /** `12-03`: the year adds nothing within a 90-day window. */
  label: string;
  succeeded: number;
  failed: number;
  cancelled: number;
  cachePercent: number | null;
  savedMinutes: number;
  imageMB: number | null;
}

export function fleetChartRows(daily: FleetDay[]): FleetChartRow[] {
  return daily.map(d => ({
    day: d.day,
    label: d.day.slice(5),
    succeeded: d.succeeded,
    failed: d.failed,
    cancelled: d.cancelled,
    cachePercent: d.cacheHitRatio === null ? null : Math.round(d.cacheHitRatio * 1000) / 10,
    savedMinutes: d.timeSavedMs / 60_000,
    imageMB: d.medianImageSize === null ? null : d.medianImageSize / 1e6,
  }));
}
