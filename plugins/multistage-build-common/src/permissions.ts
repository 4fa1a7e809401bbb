import { createPermission } from '@backstage/plugin-permission-common';

/** Read Dockerfile analyses, build configurations, runs and analytics. */
export const multistageBuildReadPermission = createPermission({
  name: 'multistage-build.read',
  attributes: { action: 'read' },
});

/** Save an entity's build configuration. */
export const multistageBuildConfigurePermission = createPermission({
  name: 'multistage-build.configure',
  attributes: { action: 'update' },
});

/** Start or cancel builds. */
export const multistageBuildRunPermission = createPermission({
  name: 'multistage-build.run',
  attributes: { action: 'create' },
});

/** Prune the build cache of the engine. */
export const multistageBuildPrunePermission = createPermission({
  name: 'multistage-build.prune',
  attributes: { action: 'delete' },
});

/** Every permission the plugin defines, for the permission framework's metadata. */
export const multistageBuildPermissions = [
  multistageBuildReadPermission,
  multistageBuildConfigurePermission,
  multistageBuildRunPermission,
  multistageBuildPrunePermission,
];
