import {
  buildStageGraph,
  parseDockerfile,
  summarizeStages,
} from '@stagecraft/plugin-multistage-build-common';

/** Parses a Dockerfile and returns what the API reports about its stages. */
export function describeDockerfile(text: string) {
  const parsed = parseDockerfile(text);
  const graph = buildStageGraph(parsed);
  return {
    stages: summarizeStages(graph.stages),
    edges: graph.edges,
    defaultTarget: graph.defaultTarget,
    parseErrors: parsed.errors,
  };
}
