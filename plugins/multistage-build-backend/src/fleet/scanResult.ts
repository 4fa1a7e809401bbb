/*
 * What the org-wide page keeps of one analysis of an entity's current
 * Dockerfile: counts by severity (the tab's and the card's "open findings")
 * and by rule (for "most frequent findings").
 */
import { countFindings, type Finding, type Severity, type SeverityOverride } from '@stagecraft/plugin-multistage-build-common';
import { createHash } from 'node:crypto';
import type { ScanResult } from '../database/FleetEntityStore';

/** Identifies the analysis settings: counts taken under other rule severities are re-taken. */
export function analysisKeyOf(severityOverrides: Record<string, SeverityOverride>): string {
  const sorted = Object.keys(severityOverrides).sort().map(id => [id, severityOverrides[id]]);
  return `sha256:${createHash('sha256').update(JSON.stringify(sorted)).digest('hex')}`;
}

export function scanResultOf(options: {
  findings: readonly Pick<Finding, 'rule' | 'severity'>[];
  digest: string;
  etag: string | null;
  analysisKey: string;
  scannedAt: Date;
}): ScanResult {
  const byRule = new Map<string, { ruleId: string; severity: Severity; count: number }>();
  for (const finding of options.findings) {
    const entry = byRule.get(finding.rule) ?? { ruleId: finding.rule, severity: finding.severity, count: 0 };
    entry.count += 1;
    byRule.set(finding.rule, entry);
  }
  return {
    digest: options.digest,
    etag: options.etag,
    analysisKey: options.analysisKey,
    findings: countFindings(options.findings),
    byRule: [...byRule.values()],
    scannedAt: options.scannedAt,
  };
}
