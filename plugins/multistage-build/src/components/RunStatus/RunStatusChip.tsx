import { StatusAborted, StatusError, StatusOK, StatusPending, StatusRunning } from '@backstage/core-components';
import type { BuildRunStatus } from '@stagecraft/plugin-multistage-build-common';

/** A run's status with Backstage's status icons. */
export function RunStatusChip(props: { status: BuildRunStatus }) {
  const { status } = props;
  const label = <span data-build-status={status}>{status}</span>;
  switch (status) {
    case 'succeeded':
      return <StatusOK>{label}</StatusOK>;
    case 'failed':
      return <StatusError>{label}</StatusError>;
    case 'cancelled':
      return <StatusAborted>{label}</StatusAborted>;
    case 'running':
      return <StatusRunning>{label}</StatusRunning>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
}
