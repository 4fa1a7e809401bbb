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
  type SeverityOverride,
  type StageGraph,
} from '@stagecraft/plugin-multistage-build-common';

export interface BrowserAnalysis {
  response: DockerfileAnalysisResponse;
  graph: StageGraph;
  /** Set when the chosen target names no stage: the analysis then judges the last stage. */
  targetError?: string;
}

export interface BrowserAnalysisOptions {
  path: string;
  text: string;
  target?: string;
  buildArgs?: Record<string, string>;
  /** The operators' per-rule severities, as the entity's Dockerfile response carries them. */
  severityOverrides?: Record<string, SeverityOverride>;
  /** Seconds each stage took in recent builds, as the entity's Dockerfile response carries them. */
  recordedSeconds?: Record<string, number>;
  /** Only the stage model is wanted: no rule runs. */
  stagesOnly?: boolean;
}

export function analyzeInBrowser(options: BrowserAnalysisOptions): BrowserAnalysis {
  const { path, text, buildArgs, severityOverrides } = options;
  const common = { path, text, buildArgs, severityOverrides, ...(options.stagesOnly ? { rules: [] } : {}) };
  let targetError: string | undefined;
  let analysis;
  try {
    analysis = analyzeDockerfile({ ...common, target: options.target });
  } catch (e) {
    if (!(e instanceof UnknownTargetError)) throw e;
    targetError = e.message;
    analysis = analyzeDockerfile(common);
  }
  return { graph: analysis.graph, targetError, response: describeAnalysis(analysis, options.recordedSeconds) };
}
