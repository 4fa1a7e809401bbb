import type { MissReasonKind } from '@stagecraft/plugin-multistage-build-common';

/**
 * A cache miss cause as a ranking names it. The run page's
 * `describeMissReason` tells one step's story with its details (which
 * files, which arg); counted over the fleet only the kind is left.
 */
export const missReasonLabels: Record<MissReasonKind, string> = {
  'instruction-changed': 'instruction changed',
  'context-files-changed': 'files changed',
  'base-image-changed': 'base image moved',
  'build-arg-changed': 'build arg changed',
  'first-build': 'first build',
  'earlier-step-missed': 'an earlier step missed',
  'cache-disabled': 'cache disabled',
  unknown: 'unknown',
};

/** The label of a cause; the raw kind for one a newer backend added, rather than nothing. */
export function missReasonLabel(kind: string): string {
  return missReasonLabels[kind as MissReasonKind] ?? kind;
}
