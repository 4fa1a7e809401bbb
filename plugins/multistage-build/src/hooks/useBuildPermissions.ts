import {
  multistageBuildConfigurePermission,
  multistageBuildPrunePermission,
  multistageBuildRunPermission,
  multistageBuildCancelPermission,
} from '@stagecraft/plugin-multistage-build-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { useEntityRef } from './useEntityRef';

export interface Allowed {
  allowed: boolean;
  loading: boolean;
  /** Why a button is disabled, when it is for lack of permission. */
  reason?: string;
}

function allowed(result: { allowed: boolean; loading: boolean }, what: string, permission: string): Allowed {
  return {
    ...result,
    reason: !result.loading && !result.allowed ? `You may not ${what} (permission ${permission})` : undefined,
  };
}

/** What the signed-in user may do with this entity's builds: buttons follow it and say why not. */
export function useBuildPermissions() {
  const { key } = useEntityRef();
  const run = usePermission({ permission: multistageBuildRunPermission, resourceRef: key });
  const configure = usePermission({ permission: multistageBuildConfigurePermission, resourceRef: key });
  const cancel = usePermission({ permission: multistageBuildCancelPermission, resourceRef: key });
  const prune = usePermission({ permission: multistageBuildPrunePermission });
  return {
    run: allowed(run, 'start builds of this entity', multistageBuildRunPermission.name),
    configure: allowed(configure, "change this entity's build configuration", multistageBuildConfigurePermission.name),
    cancel: allowed(cancel, "cancel this entity's builds", multistageBuildCancelPermission.name),
    prune: allowed(prune, "prune the engine's build cache", multistageBuildPrunePermission.name),
  };
}
