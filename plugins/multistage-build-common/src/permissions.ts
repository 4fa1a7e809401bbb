import { createPermission } from '@backstage/plugin-permission-common';

/*
 * Plugin-wide permissions (analysing posted text, the engine's status,
 * pruning) are basic; what concerns one entity's builds is a resource
 * permission on the catalog entity, authorized with the entity's ref, so a
 * policy can decide per entity, e.g. "only the owners of a service may build
 * it" with the catalog's isEntityOwner condition. Reading anything of an
 * entity also needs the entity to be visible to the caller in the catalog.
 */

/** The catalog's resource type, for permissions a policy decides per entity. */
const catalogEntity = 'catalog-entity' as const;

/** Use the analysis: analyse and convert posted text, read an entity's Dockerfile analysis, see the engine. */
export const multistageBuildReadPermission = createPermission({
  name: 'multistage-build.read',
  attributes: { action: 'read' },
});

/** Read an entity's build configuration, runs, their steps, logs and layers, and its build analytics. */
export const multistageBuildRunsReadPermission = createPermission({
  name: 'multistage-build.runs.read',
  attributes: { action: 'read' },
  resourceType: catalogEntity,
});

/** Save an entity's build configuration. */
export const multistageBuildConfigurePermission = createPermission({
  name: 'multistage-build.configure',
  attributes: { action: 'update' },
  resourceType: catalogEntity,
});

/** Start a build of an entity. */
export const multistageBuildRunPermission = createPermission({
  name: 'multistage-build.run',
  attributes: { action: 'create' },
  resourceType: catalogEntity,
});

/** Cancel a build of an entity. */
export const multistageBuildCancelPermission = createPermission({
  name: 'multistage-build.cancel',
  attributes: { action: 'update' },
  resourceType: catalogEntity,
});

/** Prune the build cache of the engine: engine-wide, so not per entity. */
export const multistageBuildPrunePermission = createPermission({
  name: 'multistage-build.prune',
  attributes: { action: 'delete' },
});

/** See the builders (engines): their health, load and cache usage. Engine-wide, so not per entity. */
export const multistageBuildEnginesReadPermission = createPermission({
  name: 'multistage-build.engines.read',
  attributes: { action: 'read' },
});

/** Every permission the plugin defines, for the permission framework's metadata. */
export const multistageBuildPermissions = [
  multistageBuildReadPermission,
  multistageBuildRunsReadPermission,
  multistageBuildConfigurePermission,
  multistageBuildRunPermission,
  multistageBuildCancelPermission,
  multistageBuildPrunePermission,
  multistageBuildEnginesReadPermission,
];
