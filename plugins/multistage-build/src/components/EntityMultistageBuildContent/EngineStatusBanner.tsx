import { WarningPanel } from '@backstage/core-components';
import Chip from '@material-ui/core/Chip';
import type { EngineStatus } from '@stagecraft/plugin-multistage-build-common';

/** Says whether builds can run; analysis works either way. */
export function EngineStatusBanner(props: { status: EngineStatus }) {
  const { status } = props;
  if (!status.available) {
    return (
      <WarningPanel severity="warning" title="Builds are unavailable" message={status.reason}>
        The Dockerfile analysis below works without an engine.
      </WarningPanel>
    );
  }
  return (
    <Chip
      color="primary"
      variant="outlined"
      label={`Docker engine ${status.version} (API ${status.apiVersion}) ready for builds`}
    />
  );
}
