import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { execFileSync } from 'node:child_process';
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

/** A UrlReader whose tree holds a Dockerfile, answered with `etag`. */
const treeReader = (etag: string) =>
  mockServices.urlReader.mock({
    readTree: async () => ({
      dir: async ({ targetDir }: { targetDir?: string } = {}) => {
        writeFileSync(join(targetDir!, 'Dockerfile'), 'FROM scratch\n');
        return targetDir!;
      },
      files: async () => [],
      archive: async () => {
        throw new Error('not used');
      },
      etag,
    }),
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
    // Not a git checkout: no commit for tag templates.
    expect(context.commit).toBeNull();
    await context.cleanup();
    expect(existsSync(join(allowed, 'svc', 'Dockerfile'))).toBe(true);
  });

  it('knows the commit of a context in a git checkout', async () => {
    const repo = join(allowed, 'repo');
    mkdirSync(repo);
    writeFileSync(join(repo, 'Dockerfile'), 'FROM scratch\n');
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: repo, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('add', 'Dockerfile');
    git('commit', '-qm', 'first');
    const context = await source().resolve(entityWith({ 'backstage.io/managed-by-location': `file:${join(repo, 'catalog-info.yaml')}` }));
    expect(context.commit).toBe(git('rev-parse', 'HEAD'));
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

  it('takes the commit of a url: source from the tree\'s etag, which git hosts answer with the commit id', async () => {
    const commit = '4c1d9e0b7a2f6c3e8d5b1a0f9e7c6d5b4a3f2e1d';
    const urlReader = treeReader(commit);
    const context = await source(urlReader).resolve(entityWith({ 'backstage.io/source-location': 'url:https://git.example.com/org/svc/tree/main/' }));
    expect(context.commit).toBe(commit);
    await context.cleanup();
  });

  it('reads a url: source through the UrlReader into a temporary directory and removes it afterwards', async () => {
    const urlReader = treeReader('e');

    const context = await source(urlReader).resolve(
      entityWith({ 'backstage.io/source-location': 'url:https://git.example.com/org/svc/tree/main/' }),
    );

    expect(urlReader.readTree).toHaveBeenCalledWith('https://git.example.com/org/svc/tree/main/', { filter: expect.any(Function) });
    // An etag that is not a commit id (this reader's 'e') gives no commit.
    expect(context.commit).toBeNull();
    expect(existsSync(join(context.dir, 'Dockerfile'))).toBe(true);
    await context.cleanup();
    expect(existsSync(context.dir)).toBe(false);
  });
});
