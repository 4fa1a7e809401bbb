import { mockServices } from '@backstage/backend-test-utils';
import { locationSpecToMetadataName } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'yaml';
import { contextFor } from '../__testUtils__/actionContext';
import { createPublishServiceAction } from './createPublishServiceAction';
import { examples } from './examples';

const catalogInfo = (name: string) =>
  `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  owner: group:default/platform\n  lifecycle: experimental\n`;

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-publish-'));
  const publishRoot = join(root, 'published');
  const catalog = catalogServiceMock.mock();
  catalog.refreshEntity.mockResolvedValue(undefined);
  // The catalog lists the entity on the second look.
  catalog.getEntityByRef.mockResolvedValueOnce(undefined).mockResolvedValue({ kind: 'Component' } as never);
  const action = createPublishServiceAction({ publishRoot, catalog, logger: mockServices.logger.mock(), catalogWaitMs: 5_000 });
  const workspace = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(root, 'ws-'));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return dir;
  };
  return { publishRoot, catalog, action, workspace };
}

describe('multistage:service:publish', () => {
  it.each(examples)('runs its example: $description', async ({ example }) => {
    const { input } = yaml.parse(example).steps[0];
    const { publishRoot, catalog, action, workspace } = setup();
    const prefix = input.sourcePath ? `${input.sourcePath}/` : '';
    const workspacePath = workspace({ [`${prefix}catalog-info.yaml`]: catalogInfo(input.name), [`${prefix}src/main.go`]: 'package main\n' });
    const ctx = contextFor(action, { input, workspacePath });

    await action.handler(ctx);

    expect(readFileSync(join(publishRoot, input.name, 'src', 'main.go'), 'utf8')).toBe('package main\n');
    expect(ctx.output).toHaveBeenCalledWith('entityRef', `component:default/${input.name}`);
    const location = locationSpecToMetadataName({ type: 'file', target: join(publishRoot, '*', 'catalog-info.yaml') });
    expect(catalog.refreshEntity).toHaveBeenCalledWith(`location:default/${location}`, expect.anything());
    // It ends once the catalog lists the new entity.
    expect(catalog.getEntityByRef).toHaveBeenLastCalledWith(`component:default/${input.name}`, expect.anything());
  });

  it('never replaces a service published before', async () => {
    const { publishRoot, action, workspace } = setup();
    await action.handler(contextFor(action, { input: { name: 'svc' }, workspacePath: workspace({ 'catalog-info.yaml': catalogInfo('svc'), a: '1' }) }));

    await expect(
      action.handler(contextFor(action, { input: { name: 'svc' }, workspacePath: workspace({ 'catalog-info.yaml': catalogInfo('svc'), a: '2' }) })),
    ).rejects.toThrow('A service named svc was already published; choose another name');
    expect(readFileSync(join(publishRoot, 'svc', 'a'), 'utf8')).toBe('1');
  });

  it('refuses names that could leave the publish root, and sources outside the workspace', async () => {
    const { publishRoot, action, workspace } = setup();
    const workspacePath = workspace({ 'catalog-info.yaml': catalogInfo('svc') });

    await expect(action.handler(contextFor(action, { input: { name: '../evil' }, workspacePath }))).rejects.toThrow(
      'name "../evil": use lowercase letters, digits and inner dashes, at most 63',
    );
    await expect(action.handler(contextFor(action, { input: { name: 'svc', sourcePath: '..' }, workspacePath }))).rejects.toThrow(
      'sourcePath .. is outside the workspace',
    );
    expect(existsSync(publishRoot)).toBe(false);
  });

  it('refuses symlinks, so no host file reaches the catalog or a build', async () => {
    const { publishRoot, action, workspace } = setup();
    const workspacePath = workspace({ 'catalog-info.yaml': catalogInfo('svc') });
    symlinkSync('/etc/hostname', join(workspacePath, 'hostname'));

    await expect(action.handler(contextFor(action, { input: { name: 'svc' }, workspacePath }))).rejects.toThrow(
      './hostname is a symlink; only files and directories are published',
    );
    expect(existsSync(join(publishRoot, 'svc'))).toBe(false);
  });

  it('gives one of two tasks publishing the same name at once the name, and the other a conflict', async () => {
    const { publishRoot, action, workspace } = setup();
    const run = (content: string) =>
      action.handler(contextFor(action, { input: { name: 'svc' }, workspacePath: workspace({ 'catalog-info.yaml': catalogInfo('svc'), a: content }) }));

    const results = await Promise.allSettled([run('1'), run('2')]);

    expect(results.map(r => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const winner = results[0].status === 'fulfilled' ? '1' : '2';
    expect(readFileSync(join(publishRoot, 'svc', 'a'), 'utf8')).toBe(winner);
  });

  it("passes the catalog's processing errors on when the new entity does not appear", async () => {
    const { catalog, workspace, publishRoot } = setup();
    catalog.getEntityByRef.mockReset();
    catalog.getEntityByRef.mockImplementation(async (ref: any) =>
      String(ref).startsWith('location:')
        ? ({ status: { items: [{ level: 'error', message: 'x', error: { message: 'Policy check failed: spec.owner is not a string' } }] } } as never)
        : undefined,
    );
    const logger = mockServices.logger.mock();
    const action = createPublishServiceAction({ publishRoot, catalog, logger, catalogWaitMs: 600 });
    const ctx = contextFor(action, { input: { name: 'svc' }, workspacePath: workspace({ 'catalog-info.yaml': catalogInfo('svc') }) });
    const warn = jest.spyOn(ctx.logger, 'warn');

    await action.handler(ctx);

    expect(warn).toHaveBeenCalledWith(
      'component:default/svc is not in the catalog; reading svc/catalog-info.yaml failed: Policy check failed: spec.owner is not a string',
    );
  });

  it('needs a catalog-info.yaml that describes an entity', async () => {
    const { action, workspace } = setup();

    await expect(action.handler(contextFor(action, { input: { name: 'svc' }, workspacePath: workspace({ a: '1' }) }))).rejects.toThrow(
      './catalog-info.yaml is missing from the workspace; the catalog needs it',
    );
    await expect(
      action.handler(contextFor(action, { input: { name: 'svc' }, workspacePath: workspace({ 'catalog-info.yaml': 'kind: [' }) })),
    ).rejects.toThrow(/^catalog-info.yaml does not describe an entity: /);
  });

  it('writes nothing in a dry run but says what it would publish', async () => {
    const { publishRoot, catalog, action, workspace } = setup();
    const ctx = contextFor(action, { input: { name: 'svc' }, workspacePath: workspace({ 'catalog-info.yaml': catalogInfo('svc') }), isDryRun: true });

    await action.handler(ctx);

    expect(existsSync(publishRoot)).toBe(false);
    expect(ctx.output).toHaveBeenCalledWith('entityRef', 'component:default/svc');
    expect(catalog.refreshEntity).not.toHaveBeenCalled();
  });
});
