/*
 * What the API and the entity tab show about one Dockerfile: the report of
 * shared/RULES.md plus the richer stage model (resolved bases, platforms),
 * the critical path and shared caches. Pure, so the browser can compute the
 * same view live while the user edits.
 */
import type { DockerfileAnalysisResponse } from '../api';
import { criticalPath } from '../stages/criticalPath';
import { summarizeStages } from '../stages/summarizeStages';
import { analyzeDockerfile, type AnalyzeOptions, type DockerfileAnalysis } from './analyzeDockerfile';

export interface DescribeOptions extends AnalyzeOptions {
  /**
   * Seconds each stage took in an earlier build, for the critical path, by the
   * name BuildKit gives the stage: its `AS` name, or `stage-N` when unnamed.
   */
  recordedSeconds?: Record<string, number>;
}

/** Throws UnknownTargetError for a target that names no stage. */
export function describeDockerfile(options: DescribeOptions): DockerfileAnalysisResponse {
  return describeAnalysis(analyzeDockerfile(options), options.recordedSeconds);
}

/** The response for an analysis already made (the browser keeps the stage models too). */
export function describeAnalysis(
  analysis: Pick<DockerfileAnalysis, 'report' | 'graph' | 'target'>,
  recordedSeconds?: Record<string, number>,
): DockerfileAnalysisResponse {
  const { report, graph, target } = analysis;
  const recorded: Record<number, number> = {};
  for (const stage of graph.stages) {
    const seconds = recordedSeconds?.[stage.name ?? `stage-${stage.index}`];
    if (seconds !== undefined) recorded[stage.index] = seconds;
  }
  return {
    stages: summarizeStages(graph.stages),
    edges: graph.edges,
    defaultTarget: graph.defaultTarget,
    target,
    parallelGroups: graph.parallelGroups,
    blockedStages: graph.blockedStages,
    sharedCacheMounts: graph.sharedCacheMounts,
    criticalPath: criticalPath(graph, { target, recordedSeconds: recorded }),
    findings: report.findings,
    parseErrors: report.parseErrors,
    report,
  };
}
