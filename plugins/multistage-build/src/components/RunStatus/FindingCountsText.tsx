import type { FindingCounts } from '@stagecraft/plugin-multistage-build-common';

/** `1 error · 2 warnings · 3 info`, or a dash when the run predates counting. */
export function findingCountsText(counts: FindingCounts | null): string {
  if (!counts) return '—';
  const parts = [
    `${counts.error} error${counts.error === 1 ? '' : 's'}`,
    `${counts.warning} warning${counts.warning === 1 ? '' : 's'}`,
    `${counts.info} info`,
  ];
  return parts.join(' · ');
}
