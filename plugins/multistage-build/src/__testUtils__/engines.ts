import type { EngineView } from '@stagecraft/plugin-multistage-build-common';

/** A healthy builder as GET /engines answers it, for the builders view's tests. */
export const healthyEngine: EngineView = {
  name: 'one',
  endpoint: 'unix:///var/run/docker.sock',
  tls: false,
  platforms: ['linux/amd64'],
  concurrency: 2,
  running: 1,
  healthy: true,
  reason: null,
  checkedAt: '2026-12-03T10:00:00.000Z',
  version: '20.10.24',
  cache: { records: 12, sizeBytes: 340_000_000, reclaimableBytes: 120_000_000 },
};
