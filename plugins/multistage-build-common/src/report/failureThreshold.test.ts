import type { AnalysisReport } from '../analysis/types';
import { exceedsThreshold, meetsThreshold } from './failureThreshold';

const report = (severities: ('error' | 'warning' | 'info')[], parseErrors = 0): AnalysisReport => ({
  path: 'Dockerfile',
  stages: [],
  edges: [],
  defaultTarget: null,
  parallelGroups: [],
  findings: severities.map((severity, i) => ({ rule: 'r', severity, line: i + 1, endLine: i + 1, stage: null, message: 'm', alsoKnownAs: null, fix: null })),
  parseErrors: Array.from({ length: parseErrors }, (_, i) => ({ line: i + 1, message: 'bad' })),
});

describe('failure thresholds', () => {
  it('fails a severity at or above the threshold, and nothing at none', () => {
    expect(meetsThreshold('warning', 'warning')).toBe(true);
    expect(meetsThreshold('error', 'warning')).toBe(true);
    expect(meetsThreshold('info', 'warning')).toBe(false);
    expect(meetsThreshold('info', 'info')).toBe(true);
    expect(meetsThreshold('error', 'none')).toBe(false);
  });

  it('fails a set of reports when any finding meets the threshold, or a file does not parse', () => {
    expect(exceedsThreshold([report(['info']), report(['warning'])], 'warning')).toBe(true);
    expect(exceedsThreshold([report(['info', 'info'])], 'warning')).toBe(false);
    expect(exceedsThreshold([report([], 1)], 'error')).toBe(true);
    expect(exceedsThreshold([report(['error'], 1)], 'none')).toBe(false);
  });
});
