export { multistageBuildApiRef } from './MultistageBuildApi';
export type { ImageLayer, ListBuildsOptions, MultistageBuildApi, StartBuildOptions } from './MultistageBuildApi';
export { MultistageBuildClient } from './MultistageBuildClient';
