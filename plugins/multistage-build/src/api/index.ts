export { multistageBuildApiRef } from './MultistageBuildApi';
export type { MultistageBuildApi } from './MultistageBuildApi';
export { MultistageBuildClient } from './MultistageBuildClient';
