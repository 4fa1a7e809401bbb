import type { Severity } from '../rules/types';
import type { AnalysisReport } from '../analysis/types';

/** The lowest severity that fails a run; `none` never fails. */
export type FailureThreshold = Severity | 'none';

export const failureThresholds: readonly FailureThreshold[] = ['error', 'warning', 'info', 'none'];

const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** True when a finding of this severity fails a run at the threshold. */
export function meetsThreshold(severity: Severity, threshold: FailureThreshold): boolean {
  return threshold !== 'none' && rank[severity] >= rank[threshold];
}

/**
 * True when any report holds a finding at or above the threshold. A file that
 * could not be read or parsed counts as an error: CI must not pass a file
 * nobody could check.
 */
export function exceedsThreshold(reports: AnalysisReport[], threshold: FailureThreshold): boolean {
  return reports.some(
    report =>
      (report.parseErrors.length > 0 && meetsThreshold('error', threshold)) ||
      report.findings.some(f => meetsThreshold(f.severity, threshold)),
  );
}
