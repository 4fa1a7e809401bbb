import type { Entity } from '@backstage/catalog-model';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const twoStageDockerfile = [
  'ARG BASE=busybox:1.36',
  'FROM ${BASE} AS build',
  'RUN echo built > /out',
  'FROM ${BASE} AS runtime',
  'COPY --from=build /out /out',
  'USER 10001',
  '',
].join('\n');

/** A temporary allowed root with one service directory holding a Dockerfile. */
export function serviceFixture(dockerfile = twoStageDockerfile) {
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-svc-'));
  const serviceDir = join(root, 'svc');
  mkdirSync(serviceDir);
  writeFileSync(join(serviceDir, 'Dockerfile'), dockerfile);
  const entity = (annotations: Record<string, string> = {}): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'svc',
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `file:${join(serviceDir, 'catalog-info.yaml')}`,
        'stagecraft.io/dockerfile': 'Dockerfile',
        ...annotations,
      },
    },
    spec: { type: 'service', owner: 'platform', lifecycle: 'experimental' },
  });
  return { root, serviceDir, entity };
}
