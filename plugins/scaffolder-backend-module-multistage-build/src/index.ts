/**
 * Scaffolder actions for services with multi-stage Dockerfiles.
 *
 * @packageDocumentation
 */
export { scaffolderModuleMultistageBuild as default } from './module';
export { createAnalyzeDockerfileAction } from './actions/analyze';
export { createConvertDockerfileAction } from './actions/convert';
export { createGenerateDockerfileAction } from './actions/generate';
export { createPublishServiceAction, publishedServicesLocation } from './actions/publish';
export type { PublishServiceOptions } from './actions/publish';
