/*
 * What the API and the entity tab show about one Dockerfile: the report of
 * shared/RULES.md plus the richer stage model (resolved bases, platforms),
 * the critical path and shared caches. Pure, so the browser can compute the
 * same view live while the user edits.
 */
import type { DockerfileAnalysisResponse } from '../api';
import { criticalPath } from '../stages/criticalPath';
import { summarizeStages } from '../stages/summarizeStages';
import { analyzeDockerfile, type AnalyzeOptions } from './analyzeDockerfile';

export interface DescribeOptions extends AnalyzeOptions {
  /** Seconds each stage took in an earlier build, by stage index, for the critical path. */
  recordedSeconds?: Record<number, number>;
}

/** Throws UnknownTargetError for a target that names no stage. */
export function describeDockerfile(options: DescribeOptions): DockerfileAnalysisResponse {
  const { report, graph, target } = analyzeDockerfile(options);
  return {
    stages: summarizeStages(graph.stages),
    edges: graph.edges,
    defaultTarget: graph.defaultTarget,
    target,
    parallelGroups: graph.parallelGroups,
    blockedStages: graph.blockedStages,
    sharedCacheMounts: graph.sharedCacheMounts,
    criticalPath: criticalPath(graph, { target, recordedSeconds: options.recordedSeconds }),
    findings: report.findings,
    parseErrors: report.parseErrors,
    report,
  };
}
