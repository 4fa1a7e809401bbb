import { mockServices } from '@backstage/backend-test-utils';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { serviceFixture, twoStageDockerfile } from '../__testUtils__/fixtures';
import { DockerfileSource, dockerfilePathOf } from './DockerfileSource';

describe('DockerfileSource', () => {
  const { root, serviceDir, entity } = serviceFixture();
  const source = (maxDockerfileBytes = 1024 * 1024) =>
    new DockerfileSource({
      urlReader: mockServices.urlReader.mock(),
      allowedRoots: [root],
      maxDockerfileBytes,
    });

  it('reads a local Dockerfile relative to the catalog file', async () => {
    const result = await source().read(entity());

    expect(result).toEqual({
      path: 'Dockerfile',
      location: `${basename(root)}/svc/Dockerfile`,
      text: twoStageDockerfile,
      localContextDir: serviceDir,
    });
  });

  it('defaults the path to Dockerfile when the annotation is empty', () => {
    expect(dockerfilePathOf(entity({ 'stagecraft.io/dockerfile': '' }))).toBe('Dockerfile');
  });

  it('says which entity and path are missing', async () => {
    await expect(
      source().read(entity({ 'stagecraft.io/dockerfile': 'build/Dockerfile' })),
    ).rejects.toThrow(
      `component:default/svc: no Dockerfile at 'build/Dockerfile' (looked for ${basename(root)}/svc/build/Dockerfile)`,
    );
  });

  it('refuses an annotation that escapes the source directory', async () => {
    await expect(
      source().read(entity({ 'stagecraft.io/dockerfile': '../../etc/passwd' })),
    ).rejects.toThrow("must not contain '..'");
  });

  it('refuses oversized and binary Dockerfiles, saying where', async () => {
    writeFileSync(join(serviceDir, 'Big.Dockerfile'), `FROM scratch\n${'#'.repeat(200)}\n`);
    writeFileSync(join(serviceDir, 'Bin.Dockerfile'), Buffer.from('FROM scratch\nRUN \u0000x\n'));

    await expect(
      source(100).read(entity({ 'stagecraft.io/dockerfile': 'Big.Dockerfile' })),
    ).rejects.toThrow(
      'component:default/svc Big.Dockerfile: the Dockerfile is 214 bytes; the limit is 100 (multistageBuild.maxDockerfileBytes)',
    );
    await expect(
      source().read(entity({ 'stagecraft.io/dockerfile': 'Bin.Dockerfile' })),
    ).rejects.toThrow('component:default/svc Bin.Dockerfile: line 2 contains a NUL byte');
  });

  it('reads remote Dockerfiles through the UrlReader, relative to the source location', async () => {
    const urlReader = mockServices.urlReader.mock({
      readUrl: async (url: string) => ({
        buffer: async () => Buffer.from(`FROM scratch\n# from ${url}\n`),
        etag: 'x',
      }),
    });
    const remote = new DockerfileSource({ urlReader, allowedRoots: [], maxDockerfileBytes: 1024 });

    const result = await remote.read(
      entity({
        'backstage.io/source-location': 'url:https://git.example.com/org/repo/tree/main/svc/',
        'stagecraft.io/dockerfile': 'docker/Dockerfile',
      }),
    );

    expect(result.location).toBe('https://git.example.com/org/repo/tree/main/svc/docker/Dockerfile');
    expect(result.text).toBe(
      'FROM scratch\n# from https://git.example.com/org/repo/tree/main/svc/docker/Dockerfile\n',
    );
  });
});
