export { multistageBuildApiRef } from './MultistageBuildApi';
export type { CacheUsage, ImageLayer, ListBuildsOptions, MultistageBuildApi, StartBuildOptions } from './MultistageBuildApi';
export { MultistageBuildClient } from './MultistageBuildClient';
