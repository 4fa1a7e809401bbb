import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { displayPath, resolveUnderAllowedRoots } from './allowedPath';

describe('resolveUnderAllowedRoots', () => {
  const top = mkdtempSync(join(tmpdir(), 'stagecraft-roots-'));
  const root = join(top, 'examples');
  const service = join(root, 'svc');
  const outside = join(top, 'secret');
  mkdirSync(service, { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(service, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(outside, 'Dockerfile'), 'FROM scratch\n');
  symlinkSync(join(outside, 'Dockerfile'), join(service, 'escape.Dockerfile'));
  symlinkSync(outside, join(service, 'linked-dir'));

  const resolveIn = (relativePath: string, allowedRoots = [root]) =>
    resolveUnderAllowedRoots({ baseDir: service, relativePath, allowedRoots, what: 'test path' });

  it('resolves a file under an allowed root, naming the root', async () => {
    await expect(resolveIn('Dockerfile')).resolves.toEqual({
      path: join(service, 'Dockerfile'),
      root,
    });
  });

  it('accepts a root and base directory reached through a symlink', async () => {
    const linkedRoot = join(top, 'linked-examples');
    symlinkSync(root, linkedRoot);

    const resolved = await resolveUnderAllowedRoots({
      baseDir: join(linkedRoot, 'svc'),
      relativePath: 'Dockerfile',
      allowedRoots: [linkedRoot],
      what: 'test path',
    });

    expect(resolved).toEqual({ path: join(service, 'Dockerfile'), root });
    expect(displayPath(resolved)).toBe('examples/svc/Dockerfile');
  });

  it('refuses .. segments and absolute paths, naming the path', async () => {
    await expect(resolveIn('../svc/Dockerfile')).rejects.toThrow(
      "test path must not contain '..', got '../svc/Dockerfile'",
    );
    await expect(resolveIn('/etc/passwd')).rejects.toThrow(
      "test path must be a relative path, got '/etc/passwd'",
    );
  });

  it('refuses symlinks that leave the roots', async () => {
    await expect(resolveIn('escape.Dockerfile')).rejects.toThrow(/outside the allowed roots/);
    await expect(resolveIn('linked-dir/Dockerfile')).rejects.toThrow(/outside the allowed roots/);
  });

  it('refuses everything when no roots are configured', async () => {
    await expect(resolveIn('Dockerfile', [])).rejects.toThrow(/multistageBuild.allowedRoots/);
  });

  it('refuses a base directory outside the roots', async () => {
    await expect(
      resolveUnderAllowedRoots({
        baseDir: outside,
        relativePath: 'Dockerfile',
        allowedRoots: [root],
        what: 'test path',
      }),
    ).rejects.toThrow(/outside the allowed roots/);
  });
});
