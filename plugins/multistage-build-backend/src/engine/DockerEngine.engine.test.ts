/*
 * Builds with the real Docker engine (dockerd with BuildKit) through dockerode.
 * Needs the local base images from scripts/bootstrap/base-images.sh.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { engineForTests, localBaseImages } from '../__testUtils__/engine';
import { EngineBuildError, type BuildStreamMessage } from './DockerEngine';

jest.setTimeout(300_000);

const examples = resolve(__dirname, '../../../../examples');

describe('DockerEngine with the real engine', () => {
  it('builds the hello-c example to its runtime target and the image runs', async () => {
    const engine = await engineForTests();
    if (!engine) return;
    const messages: BuildStreamMessage[] = [];

    const { imageId } = await engine.build({
      contextDir: join(examples, 'hello-c'),
      dockerfile: 'Dockerfile',
      tag: 'stagecraft-test/hello-c:engine-test',
      target: 'runtime',
      buildArgs: localBaseImages,
      onMessage: m => messages.push(m),
    });

    expect(imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    // BuildKit's trace arrives as base64 protobuf on moby.buildkit.trace lines.
    expect(messages.some(m => m.id === 'moby.buildkit.trace')).toBe(true);

    const image = await engine.docker.getImage(imageId).inspect();
    expect(image.Config.User).toBe('10001');
    expect(image.Config.Entrypoint).toEqual(['/usr/local/bin/wordfreq']);
    // A static binary on busybox: far smaller than the gcc image it was built in.
    expect(image.Size).toBeLessThan(10 * 1024 * 1024);

    const container = await engine.docker.createContainer({
      Image: imageId,
      Cmd: ['3'],
      HostConfig: { NetworkMode: 'none', AutoRemove: false },
    });
    try {
      await container.start();
      const result = await container.wait();
      expect(result.StatusCode).toBe(0);
    } finally {
      await container.remove({ force: true });
    }
  });

  it('fails with the engine error when a step fails', async () => {
    const engine = await engineForTests();
    if (!engine) return;
    const context = mkdtempSync(join(tmpdir(), 'stagecraft-fail-'));
    writeFileSync(
      join(context, 'Dockerfile'),
      'FROM stagecraft/busybox:1.35 AS test\nRUN echo checking && exit 3\n',
    );

    const build = engine.build({ contextDir: context, dockerfile: 'Dockerfile' });

    await expect(build).rejects.toBeInstanceOf(EngineBuildError);
    await expect(build).rejects.toThrow(/exit code: 3/);
  });
});
