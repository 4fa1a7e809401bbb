/*
 * The analysis the backend runs, run in the browser on the editor's text (the
 * common package is isomorphic): the response the views draw, and the stage
 * models behind it for the stage inspector.
 */
import {
  analyzeDockerfile,
  describeAnalysis,
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
  return { graph: analysis.graph, targetError, response: describeAnalysis(analysis) };
}
