/*
 * The analysis the backend runs, run in the browser on the editor's text (the
 * common package is isomorphic): the response the views draw, and the stage
 * models behind it for the stage inspector.
 */
import {
  analyzeDockerfile,
  criticalPath,
  summarizeStages,
  UnknownTargetError,
  type DockerfileAnalysisResponse,
  type StageGraph,
} from '@stagecraft/plugin-multistage-build-common';

export interface BrowserAnalysis {
  response: DockerfileAnalysisResponse;
  graph: StageGraph;
  /** Set when the chosen target names no stage: the analysis then judges the last stage. */
  targetError?: string;
}

export function analyzeInBrowser(options: {
  path: string;
  text: string;
  target?: string;
  buildArgs?: Record<string, string>;
}): BrowserAnalysis {
  const { path, text, buildArgs } = options;
  let targetError: string | undefined;
  let analysis;
  try {
    analysis = analyzeDockerfile({ path, text, target: options.target, buildArgs });
  } catch (e) {
    if (!(e instanceof UnknownTargetError)) throw e;
    targetError = e.message;
    analysis = analyzeDockerfile({ path, text, buildArgs });
  }
  const { report, graph, target } = analysis;
  return {
    graph,
    targetError,
    response: {
      stages: summarizeStages(graph.stages),
      edges: graph.edges,
      defaultTarget: graph.defaultTarget,
      target,
      parallelGroups: graph.parallelGroups,
      blockedStages: graph.blockedStages,
      sharedCacheMounts: graph.sharedCacheMounts,
      criticalPath: criticalPath(graph, { target }),
      findings: report.findings,
      parseErrors: report.parseErrors,
      report,
    },
  };
}
