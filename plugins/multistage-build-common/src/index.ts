/**
 * The Stagecraft analysis core: Dockerfile parsing, the stage model and graph,
 * permissions and the shapes the API shares. Pure TypeScript; runs in the
 * browser, the backend and the CLI.
 *
 * @packageDocumentation
 */
export * from './parser/types';
export { parseDockerfile } from './parser/parseDockerfile';
export * from './stages/types';
export { expandVariables } from './stages/expandVariables';
export type { ExpansionResult } from './stages/expandVariables';
export { buildStageGraph, stagesNeededFor, flagValue, mountsOf } from './stages/stageGraph';
export type { StageGraphOptions } from './stages/stageGraph';
export { summarizeStages } from './stages/summarizeStages';
export * from './permissions';
export * from './constants';
export * from './api';
