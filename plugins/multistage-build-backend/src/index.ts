/**
 * The Stagecraft multistage-build backend plugin.
 *
 * @packageDocumentation
 */
export { multistageBuildPlugin as default } from './plugin';
export { DockerEngine, EngineBuildError } from './engine/DockerEngine';
export type { BuildRequest, BuildResult, BuildStreamMessage, Engine, EngineVersion } from './engine/Engine';
