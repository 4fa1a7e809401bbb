/**
 * Scaffolder actions for services with multi-stage Dockerfiles.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMultistageBuild as default } from './module';
export { createAnalyzeDockerfileAction } from './actions/analyze';
