/**
 * Stagecraft's multi-stage build entity tab.
 *
 * New frontend system: the default export of `@stagecraft/plugin-multistage-build/alpha`.
 * Legacy apps: `multistageBuildPlugin`, `EntityMultistageBuildContent`,
 * `EntityMultistageBuildCard`, and `MultistageBuildAnalyticsPage` mounted at
 * `/build-analytics`.
 *
 * @packageDocumentation
 */
export {
  multistageBuildPlugin,
  EntityMultistageBuildContent,
  EntityMultistageBuildCard,
  MultistageBuildAnalyticsPage,
} from './plugin';
export { isMultistageBuildAvailable } from './isMultistageBuildAvailable';
export { multistageBuildApiRef, MultistageBuildClient } from './api';
export type { MultistageBuildApi } from './api';
