export { EntityMultistageBuildContent } from './EntityMultistageBuildContent';
