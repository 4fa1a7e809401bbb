/** The annotation naming an entity's Dockerfile, relative to its source location. */
export const DOCKERFILE_ANNOTATION = 'stagecraft.io/dockerfile';

/** The Dockerfile path used when an entity has no annotation. */
export const DEFAULT_DOCKERFILE_PATH = 'Dockerfile';

/** The plugin id, used for the backend's routes and the frontend's discovery. */
export const PLUGIN_ID = 'multistage-build';
