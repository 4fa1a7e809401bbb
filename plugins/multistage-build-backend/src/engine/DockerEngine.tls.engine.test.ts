/*
 * A builder on tcp:// with TLS client certificates, against a real dockerd
 * started with --tlsverify (scripts/services/second-engine.sh makes the CA,
 * server and client certificates when it starts the engine).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { localBaseImages, secondEngineForTests } from '../__testUtils__/engine';
import { Builders } from './Builders';
import { DockerEngine } from './DockerEngine';

jest.setTimeout(120_000);

describe('DockerEngine over tcp with TLS', () => {
  const two = secondEngineForTests();
  const tls = two && { ca: join(two.certs, 'ca.pem'), cert: join(two.certs, 'cert.pem'), key: join(two.certs, 'key.pem') };

  it('answers with the client certificate, and is unhealthy with a reason without it', async () => {
    if (!two) return;
    const builders = Builders.fromSettings([
      { name: 'two', host: two.tcp, tls, platforms: [], concurrency: 1 },
      { name: 'plain', host: two.tcp, platforms: [], concurrency: 1 },
    ]);
    await builders.checkAll();
    expect(builders.get('two')!.health).toMatchObject({ healthy: true, reason: null });
    expect(builders.get('two')!.tls).toBe(true);
    expect(builders.get('two')!.platforms).toEqual(['linux/amd64']);
    // Plain HTTP to a TLS port: refused, and said so.
    expect(builders.get('plain')!.health).toMatchObject({ healthy: false, reason: expect.stringMatching(/^no Docker engine answers at tcp:\/\/127\.0\.0\.1:23760: /) });
    expect(builders.candidates().map(c => c.name)).toEqual(['two']);
  });

  it('builds over TLS, and stops a build from another client through its build id', async () => {
    if (!two) return;
    const engine = new DockerEngine({ host: two.tcp, tls });
    const dir = mkdtempSync(join(tmpdir(), 'stagecraft-tls-'));
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${localBaseImages.BUSYBOX_IMAGE}\nARG PAUSE\nRUN sleep $PAUSE\n`);
    const quick = await engine.build({ contextDir: dir, dockerfile: 'Dockerfile', buildArgs: { PAUSE: '0' }, noCache: true });
    expect(quick.imageId).toMatch(/^sha256:/);

    const buildId = randomUUID();
    const slow = engine.build({ contextDir: dir, dockerfile: 'Dockerfile', buildArgs: { PAUSE: '300' }, noCache: true, buildId });
    slow.catch(() => undefined);
    // A second client (another replica) stops it once BuildKit knows the build.
    const other = new DockerEngine({ host: two.tcp, tls });
    const started = Date.now();
    await new Promise(r => setTimeout(r, 1500));
    await other.cancelBuild(buildId);
    await expect(slow).rejects.toThrow(/cancel/i);
    expect(Date.now() - started).toBeLessThan(20_000);
    // Cancelling a build that ended (or never was) is no error.
    await other.cancelBuild(randomUUID());
  });
});
