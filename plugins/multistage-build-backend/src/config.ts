import type { Config } from '@backstage/config';
import { resolve as resolvePath } from 'node:path';

/** Settings read from `multistageBuild` in app-config. */
export interface MultistageBuildConfig {
  allowedRoots: string[];
  maxDockerfileBytes: number;
  dockerHost: string | undefined;
}

export const DEFAULT_MAX_DOCKERFILE_BYTES = 1024 * 1024;

export function readMultistageBuildConfig(config: Config): MultistageBuildConfig {
  const section = config.getOptionalConfig('multistageBuild');
  return {
    allowedRoots: (section?.getOptionalStringArray('allowedRoots') ?? []).map(root =>
      resolvePath(root),
    ),
    maxDockerfileBytes:
      section?.getOptionalNumber('maxDockerfileBytes') ?? DEFAULT_MAX_DOCKERFILE_BYTES,
    dockerHost: section?.getOptionalString('docker.host') ?? process.env.DOCKER_HOST,
  };
}
