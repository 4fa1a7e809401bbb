import { BuildWorkspace } from '../BuildWorkspace';

/** The "Multi-stage build" entity tab: the build workspace with its views. */
export function EntityMultistageBuildContent() {
  return <BuildWorkspace />;
}
