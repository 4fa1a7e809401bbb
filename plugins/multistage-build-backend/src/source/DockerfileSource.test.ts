import { mockServices } from '@backstage/backend-test-utils';
import { writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { serviceFixture, twoStageDockerfile } from '../__testUtils__/fixtures';
import { DockerfileSource, dockerfilePathOf } from './DockerfileSource';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';

describe('DockerfileSource', () => {
  const { root, serviceDir, entity } = serviceFixture();
  const source = (maxDockerfileBytes = 1024 * 1024) =>
    new DockerfileSource({
      urlReader: mockServices.urlReader.mock(),
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
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
    const remote = new DockerfileSource({ urlReader, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [], maxDockerfileBytes: 1024 });

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

  describe("url: sources stay in the entity's own repository and ref", () => {
    const github = ScmIntegrations.fromConfig(new ConfigReader({ integrations: { github: [{ host: 'github.com' }] } }));
    const readUrl = jest.fn(async (url: string) => ({ buffer: async () => Buffer.from(`FROM scratch\n# ${url}\n`), etag: 'x' }));
    const remote = new DockerfileSource({
      urlReader: mockServices.urlReader.mock({ readUrl }),
      integrations: github,
      allowedRoots: [],
      maxDockerfileBytes: 1024,
    });
    const at = (dockerfile: string) =>
      entity({ 'backstage.io/source-location': 'url:https://github.com/acme/shop/tree/main/svc/', 'stagecraft.io/dockerfile': dockerfile });

    beforeEach(() => readUrl.mockClear());

    it('reads a path elsewhere in the same repository', async () => {
      const result = await remote.read(at('../shared/Dockerfile'));
      expect(result.location).toBe('https://github.com/acme/shop/tree/main/shared/Dockerfile');
    });

    it.each([
      // From /acme/shop/tree/main/svc/, five levels up is the host's root.
      ['../../../../../other-org/private-repo/blob/main/Dockerfile', "resolves outside the entity's own repository and ref: it points into another repository (other-org/private-repo)"],
      ['../../../../other-org/private-repo/blob/main/Dockerfile', "resolves outside the entity's own repository and ref: it points into another repository (acme/other-org)"],
      ['https://internal.example.com/admin', "must be a path relative to the entity's source location"],
      ['file:///etc/passwd', "must be a path relative to the entity's source location"],
      ['/etc/passwd', "must be a path relative to the entity's source location"],
    ])('refuses %s with a 400 naming the annotation, reading nothing', async (path, why) => {
      await expect(remote.read(at(path))).rejects.toMatchObject({
        name: 'InputError',
        message: `component:default/svc annotation stagecraft.io/dockerfile: '${path}' ${why}`,
      });
      expect(readUrl).not.toHaveBeenCalled();
    });

    it('stops reading a remote file as soon as it passes the size limit', async () => {
      const buffer = jest.fn();
      const streamed = new DockerfileSource({
        urlReader: mockServices.urlReader.mock({
          readUrl: async () => ({
            buffer,
            etag: 'x',
            stream: () => require('node:stream').Readable.from((function* chunks() {
              for (let i = 0; i < 1000; i++) yield Buffer.alloc(512, 'x');
            })()),
          }),
        }),
        integrations: github,
        allowedRoots: [],
        maxDockerfileBytes: 1024,
      });
      await expect(streamed.read(at('Dockerfile'))).rejects.toThrow(
        'component:default/svc Dockerfile: the Dockerfile is more than 1024 bytes, the limit (multistageBuild.maxDockerfileBytes)',
      );
      expect(buffer).not.toHaveBeenCalled();
    });
  });

  it('refuses an absolute source location in another repository than the one the entity was read from, unless trusted', async () => {
    const github = ScmIntegrations.fromConfig(new ConfigReader({ integrations: { github: [{ host: 'github.com' }] } }));
    const readUrl = jest.fn(async (url: string) => ({ buffer: async () => Buffer.from(`FROM scratch\n# ${url}\n`), etag: 'x' }));
    const options = { urlReader: mockServices.urlReader.mock({ readUrl }), integrations: github, allowedRoots: [], maxDockerfileBytes: 1024 };
    const elsewhere = entity({
      'backstage.io/managed-by-location': 'url:https://github.com/acme/shop/blob/main/catalog-info.yaml',
      'backstage.io/source-location': 'url:https://github.com/victim-org/private/tree/main/',
    });

    await expect(new DockerfileSource(options).read(elsewhere)).rejects.toThrow(
      'component:default/svc: its source location https://github.com/victim-org/private/tree/main/ is outside the repository it was read from ' +
        '(it points into another repository (victim-org/private)); set multistageBuild.trustSourceLocation to allow source locations elsewhere',
    );
    expect(readUrl).not.toHaveBeenCalled();
    const trusted = await new DockerfileSource({ ...options, trustSourceLocation: true }).read(elsewhere);
    expect(trusted.location).toBe('https://github.com/victim-org/private/tree/main/Dockerfile');
    // The same repository, as the catalog's own processors annotate it, is fine.
    const own = entity({
      'backstage.io/managed-by-location': 'url:https://github.com/acme/shop/blob/main/catalog-info.yaml',
      'backstage.io/source-location': 'url:https://github.com/acme/shop/tree/main/',
    });
    expect((await new DockerfileSource(options).read(own)).location).toBe('https://github.com/acme/shop/tree/main/Dockerfile');
  });

  it('resolves a relative url:./ source location against the location the entity was read from', async () => {
    // The repository's own catalog entity says `url:./` and was registered from a file.
    const local = await source().read(
      entity({ 'backstage.io/source-location': 'url:./', 'stagecraft.io/dockerfile': 'Dockerfile' }),
    );
    expect(local.text).toBe(twoStageDockerfile);

    const readUrl = jest.fn(async (url: string) => ({ buffer: async () => Buffer.from(`FROM scratch\n# ${url}\n`), etag: 'x' }));
    const remote = new DockerfileSource({
      urlReader: mockServices.urlReader.mock({ readUrl }),
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      allowedRoots: [],
      maxDockerfileBytes: 1024,
    });
    const result = await remote.read(
      entity({
        'backstage.io/managed-by-location': 'url:https://github.com/acme/shop/blob/main/svc/catalog-info.yaml',
        'backstage.io/source-location': 'url:./',
      }),
    );
    expect(result.location).toBe('https://github.com/acme/shop/tree/main/svc/Dockerfile');
  });
});

