/**
 * Stagecraft's multi-stage build entity tab.
 *
 * New frontend system: the default export of `@stagecraft/plugin-multistage-build/alpha`.
 * Legacy apps: `multistageBuildPlugin` and `EntityMultistageBuildContent`.
 *
 * @packageDocumentation
 */
export { multistageBuildPlugin, EntityMultistageBuildContent, EntityMultistageBuildCard } from './plugin';
export { isMultistageBuildAvailable } from './isMultistageBuildAvailable';
export { multistageBuildApiRef, MultistageBuildClient } from './api';
export type { MultistageBuildApi } from './api';
