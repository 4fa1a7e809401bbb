/*
 * Pushing a built image to a real registry with htpasswd authentication
 * (Debian's docker-registry, started by scripts/services/registry.sh).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineForTests, localBaseImages, registryForTests } from '../__testUtils__/engine';
import { PushError } from './Engine';

jest.setTimeout(120_000);

describe('DockerEngine.push against a registry with authentication', () => {
  const registry = registryForTests();

  it('pushes a built image with credentials and answers the digest the registry serves; refuses wrong ones with the registry\'s reason', async () => {
    const engine = await engineForTests();
    if (!engine || !registry) return;
    const dir = mkdtempSync(join(tmpdir(), 'stagecraft-push-'));
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${localBaseImages.BUSYBOX_IMAGE}\nRUN echo ${Date.now()} > /built\n`);
    const { imageId } = await engine.build({ contextDir: dir, dockerfile: 'Dockerfile' });
    const repository = `${registry.host}/stagecraft-tests/push`;
    const auth = { username: registry.username, password: registry.password, serveraddress: registry.host };

    const pushed = await engine.push(imageId, { repository, tag: 'run-1', auth });
    expect(pushed.reference).toBe(`${repository}:run-1`);
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // The registry serves that manifest under the tag, to the same user only.
    const basic = `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}`;
    const manifest = await fetch(`http://${registry.host}/v2/stagecraft-tests/push/manifests/run-1`, {
      headers: { authorization: basic, accept: 'application/vnd.docker.distribution.manifest.v2+json' },
    });
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('docker-content-digest')).toBe(pushed.digest);
    expect((await fetch(`http://${registry.host}/v2/stagecraft-tests/push/manifests/run-1`)).status).toBe(401);

    const refused = engine.push(imageId, { repository, tag: 'run-2', auth: { ...auth, password: 'wrong' } });
    await expect(refused).rejects.toThrow(PushError);
    await expect(refused).rejects.toThrow(/unauthorized|authentication required/i);
    // Neither password is in the error.
    const message = await refused.then(
      () => '',
      (e: Error) => e.message,
    );
    expect(message).not.toContain('wrong');
    expect(message).not.toContain(registry.password);
  });
});
