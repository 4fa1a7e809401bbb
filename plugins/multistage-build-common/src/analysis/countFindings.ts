import type { FindingCounts } from '../builds';
import type { Finding } from './types';

/** Findings by severity: what history and charts store and show. */
export function countFindings(findings: readonly Pick<Finding, 'severity'>[]): FindingCounts {
  const counts: FindingCounts = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}
