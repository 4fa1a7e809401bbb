import type { Entity } from '@backstage/catalog-model';
import { join } from 'node:path';

/** A component whose source is the local directory `dir` (under the tests' allowed roots), built from `dockerfile` there. */
export function localEntity(dir: string, name: string, dockerfile = 'Dockerfile'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/managed-by-location': `file:${join(dir, 'catalog-info.yaml')}`, 'stagecraft.io/dockerfile': dockerfile },
    },
    spec: { type: 'service', owner: 'platform', lifecycle: 'experimental' },
  };
}
