/*
 * Builds with the real Docker engine (dockerd with BuildKit) through dockerode.
 * Needs the local base images from scripts/bootstrap/base-images.sh.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { engineForTests, localBaseImages } from '../__testUtils__/engine';
import { maxEncodedBuildArgsBytes } from '../builds/buildRequest';
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

  it('carries build args up to the size the service allows, and the engine refuses a request much larger', async () => {
    const engine = await engineForTests();
    if (!engine) return;
    const context = mkdtempSync(join(tmpdir(), 'stagecraft-args-'));
    // Twelve values of 60 KiB (the API takes at most 64 KiB a value: Linux refuses one
    // environment string over 128 KiB to a RUN step), all of them reaching the step.
    const names = Array.from({ length: 12 }, (_, i) => `A${i}`);
    const total = names.map(n => `\${#${n}}`).join(' + ');
    writeFileSync(
      join(context, 'Dockerfile'),
      `FROM stagecraft/busybox:1.35\n${names.map(n => `ARG ${n}`).join('\n')}\nRUN test $((${total})) -eq ${12 * 60 * 1024}\n`,
    );
    const fits = Object.fromEntries(names.map(n => [n, 'x'.repeat(60 * 1024)]));
    // Just under the service's limit once URL-encoded, as checkBuildArgs measures it.
    const encoded = encodeURIComponent(JSON.stringify(fits)).length;
    expect(encoded).toBeGreaterThan(maxEncodedBuildArgsBytes * 0.9);
    expect(encoded).toBeLessThanOrEqual(maxEncodedBuildArgsBytes);
    await expect(engine.build({ contextDir: context, dockerfile: 'Dockerfile', buildArgs: fits })).resolves.toMatchObject({
      imageId: expect.stringMatching(/^sha256:/),
    });

    // Past dockerd's 1 MiB request-line limit the engine does not take the build at all.
    const tooBig = Object.fromEntries(Array.from({ length: 18 }, (_, i) => [`A${i}`, 'x'.repeat(60 * 1024)]));
    await expect(engine.build({ contextDir: context, dockerfile: 'Dockerfile', buildArgs: tooBig })).rejects.toThrow();
  });
});
