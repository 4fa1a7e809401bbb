import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BuildContextSource } from './BuildContextSource';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';

const entityWith = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc', namespace: 'default', annotations },
  spec: {},
});

describe('BuildContextSource', () => {
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-roots-'));
  const allowed = join(root, 'allowed');
  const outside = join(root, 'outside');
  mkdirSync(join(allowed, 'svc'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(allowed, 'svc', 'Dockerfile'), 'FROM scratch\n');
  symlinkSync(outside, join(allowed, 'escape'));

  const source = (urlReader = mockServices.urlReader.mock()) => new BuildContextSource({ urlReader, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [allowed] });

  it('uses the entity directory under an allowed root as the context', async () => {
    const context = await source().resolve(
      entityWith({ 'backstage.io/managed-by-location': `file:${join(allowed, 'svc', 'catalog-info.yaml')}` }),
    );

    expect(context.dockerfile).toBe('Dockerfile');
    expect(existsSync(join(context.dir, 'Dockerfile'))).toBe(true);
    await context.cleanup();
    expect(existsSync(join(allowed, 'svc', 'Dockerfile'))).toBe(true);
  });

  it('refuses a context outside the roots, through a symlink or with ..', async () => {
    await expect(
      source().resolve(entityWith({ 'backstage.io/managed-by-location': `file:${join(outside, 'catalog-info.yaml')}` })),
    ).rejects.toThrow(/is outside the allowed roots/);
    await expect(
      source().resolve(entityWith({ 'backstage.io/managed-by-location': `file:${join(allowed, 'escape', 'catalog-info.yaml')}` })),
    ).rejects.toThrow(/is outside the allowed roots/);
    await expect(
      source().resolve(
        entityWith({
          'backstage.io/managed-by-location': `file:${join(allowed, 'svc', 'catalog-info.yaml')}`,
          'stagecraft.io/dockerfile': '../../outside/Dockerfile',
        }),
      ),
    ).rejects.toThrow("component:default/svc build context must not contain '..', got '../../outside/Dockerfile'");
  });

  it('reads a url: source through the UrlReader into a temporary directory and removes it afterwards', async () => {
    const urlReader = mockServices.urlReader.mock({
      readTree: async () => ({
        dir: async ({ targetDir }: { targetDir?: string } = {}) => {
          writeFileSync(join(targetDir!, 'Dockerfile'), 'FROM scratch\n');
          return targetDir!;
        },
        files: async () => [],
        archive: async () => {
          throw new Error('not used');
        },
        etag: 'e',
      }),
    });

    const context = await source(urlReader).resolve(
      entityWith({ 'backstage.io/source-location': 'url:https://git.example.com/org/svc/tree/main/' }),
    );

    expect(urlReader.readTree).toHaveBeenCalledWith('https://git.example.com/org/svc/tree/main/', { filter: expect.any(Function) });
    expect(existsSync(join(context.dir, 'Dockerfile'))).toBe(true);
    await context.cleanup();
    expect(existsSync(context.dir)).toBe(false);
  });
});
