/*
 * Builds with what real teams need, against the real engine, the real local
 * registry (htpasswd) and SQLite: a secret mount whose value is found nowhere
 * afterwards, a push with tag templates recorded on the run, and a build for
 * linux/amd64 and linux/arm64 (cross-compiled, the arm64 runtime step
 * emulated) that leaves a manifest list with both in the registry.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import type { BuildConfig, BuildEvent, BuildRun } from '@stagecraft/plugin-multistage-build-common';
import { defaultBuildConfig } from '@stagecraft/plugin-multistage-build-common';
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import type { BuildAccessSettings } from '../buildAccessConfig';
import { analysisPoolForTests } from '../__testUtils__/analysisPool';
import { buildStores } from '../__testUtils__/buildStores';
import { engineForTests, localBaseImages, registryForTests } from '../__testUtils__/engine';
import { localEntity as entityAt } from '../__testUtils__/localEntity';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { Builder, Builders } from '../engine/Builders';
import type { DockerEngine } from '../engine/DockerEngine';
import { BuildContextSource } from '../source/BuildContextSource';
import { DockerfileSource } from '../source/DockerfileSource';
import { BuildAccess } from './BuildAccess';
import { BuildService } from './BuildService';

jest.setTimeout(600_000);

const analysis = analysisPoolForTests();
const { databases } = createTestDatabases();
const examples = resolve(__dirname, '../../../../examples');
const registry = registryForTests();

const services: BuildService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map(s => s.shutdown(0)));
});

async function setup(access: BuildAccessSettings) {
  const engine = await engineForTests();
  if (!engine || !registry) return undefined;
  const root = mkdtempSync(join(tmpdir(), 'stagecraft-registry-builds-'));
  const database = mockServices.database({ knex: await databases.init('SQLITE_3'), migrations: { skip: false } });
  const stores = await buildStores(database);
  const urlReader = mockServices.urlReader.mock();
  const logger = mockServices.logger.mock();
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const service = new BuildService({
    ...stores,
    analysis,
    // This engine builds arm64 too: qemu-user-static is registered (scripts/services/emulation.sh).
    builders: new Builders([new Builder('default', engine, 2, ['linux/amd64', 'linux/arm64'])]),
    replica: 'a',
    claimPollMs: 100,
    eventFlushMs: 50,
    eventPollMs: 100,
    dockerfiles: new DockerfileSource({ urlReader, integrations, allowedRoots: [root], maxDockerfileBytes: 1 << 20 }),
    contexts: new BuildContextSource({ urlReader, integrations, allowedRoots: [root] }),
    logger,
    concurrency: 2,
    measureStageSizes: false,
    flushIntervalMs: 100,
    access: new BuildAccess(access),
  });
  services.push(service);
  return { engine, root, service, logger, ...stores };
}

async function buildAndWatch(service: BuildService, entity: Entity) {
  const events: BuildEvent[] = [];
  const queued = await service.start({ entity, requestedBy: 'user:default/dev' });
  const run = await new Promise<BuildRun>(resolvePromise => {
    const stop = service.events.subscribe(queued.id, 0, ({ event }) => {
      events.push(event);
      if (event.type === 'finished') {
        stop();
        resolvePromise(event.run);
      }
    });
  });
  return { run, events };
}

const basic = () => `Basic ${Buffer.from(`${registry!.username}:${registry!.password}`).toString('base64')}`;

async function registryGet(path: string, accept: string): Promise<Response> {
  return fetch(`http://${registry!.host}/v2/${path}`, { headers: { authorization: basic(), accept } });
}

async function savedImage(engine: DockerEngine, imageId: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await engine.docker.getImage(imageId).get()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A file's bytes from a gzipped layer tar. */
async function fileInLayer(layer: Buffer, path: string): Promise<Buffer | undefined> {
  const tar = extract();
  let found: Buffer | undefined;
  const done = new Promise<void>((resolvePromise, reject) => {
    tar.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        if (header.name.replace(/^\.\//, '') === path) found = Buffer.concat(chunks);
        next();
      });
    });
    tar.on('finish', resolvePromise);
    tar.on('error', reject);
  });
  tar.end(gunzipSync(layer));
  await done;
  return found;
}

describe('builds with secrets, push and several platforms', () => {
  it('mounts a granted secret and pushes with tag templates; the value is in no layer, run, step, log, event or backend log', async () => {
    const value = `tok-${randomUUID()}`;
    const env = await setup({
      secrets: [{ id: 'api_token', value, entities: ['component:default/*'] }],
      ssh: [],
      registries: [{ host: registry?.host ?? '', username: registry?.username, password: registry?.password, insecure: true, entities: ['*'] }],
    });
    if (!env) return;
    const dir = join(env.root, 'uses-secret');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'Dockerfile'),
      [
        `FROM ${localBaseImages.BUSYBOX_IMAGE}`,
        // Proves it read the value by its checksum; keeps only its length.
        'RUN --mount=type=secret,id=api_token sha256sum /run/secrets/api_token && wc -c < /run/secrets/api_token > /token-length',
        '',
      ].join('\n'),
    );
    const entity = entityAt(dir, 'uses-secret');
    const repository = `${registry!.host}/stagecraft-tests/uses-secret`;
    const config: BuildConfig = { ...defaultBuildConfig, cache: { ...defaultBuildConfig.cache, disabled: true }, secrets: ['api_token'], push: { repository, tags: ['{date}-{shortRunId}', 'latest'] } };
    await env.configs.save({ entityRef: 'component:default/uses-secret', config, expectedVersion: 0, updatedBy: null });

    const { run, events } = await buildAndWatch(env.service, entity);
    expect([run.status, run.error]).toEqual(['succeeded', null]);

    // Pushed under both tags, the digest recorded is the one the registry serves.
    const shortId = run.id.slice(0, 8);
    const date = run.createdAt.slice(0, 10).replace(/-/g, '');
    expect(run.pushed).toEqual({ repository, tags: [`${date}-${shortId}`, 'latest'], digest: expect.stringMatching(/^sha256:/), platforms: [{ platform: 'linux/amd64', digest: run.pushed!.digest }] });
    for (const tag of run.pushed!.tags) {
      const served = await registryGet(`stagecraft-tests/uses-secret/manifests/${tag}`, 'application/vnd.docker.distribution.manifest.v2+json');
      expect(served.headers.get('docker-content-digest')).toBe(run.pushed!.digest);
    }

    const steps = await env.runs.listSteps(run.id);
    const logs = await Promise.all(steps.map(s => env.runs.stepLog(run.id, s.digest)));
    // The step read the value: its checksum is in the output ...
    expect(JSON.stringify(logs)).toContain(createHash('sha256').update(value).digest('hex'));
    // ... and the value itself is nowhere.
    const stored = JSON.stringify([await env.runs.getRun(run.id), steps, logs, await env.configs.get('component:default/uses-secret'), events]);
    expect(stored).not.toContain(value);
    const backendLog = JSON.stringify([env.logger.debug, env.logger.info, env.logger.warn, env.logger.error].map(f => f.mock.calls));
    expect(backendLog).not.toContain(value);
    const image = await savedImage(env.engine, run.imageId!);
    expect(image.includes(Buffer.from(`${value.length}\n`))).toBe(true);
    expect(image.includes(Buffer.from(value))).toBe(false);
  });

  it('refuses to start a build whose Dockerfile mounts a secret its configuration does not grant, naming the line', async () => {
    const env = await setup({ secrets: [], ssh: [], registries: [] });
    if (!env) return;
    const dir = join(env.root, 'ungranted');
    mkdirSync(dir);
    writeFileSync(join(dir, 'Dockerfile'), `FROM ${localBaseImages.BUSYBOX_IMAGE}\nRUN --mount=type=secret,id=npm_token cat /run/secrets/npm_token\n`);
    await expect(env.service.start({ entity: entityAt(dir, 'ungranted'), requestedBy: null })).rejects.toThrow(
      'Dockerfile line 2: RUN mounts secret "npm_token", which the build configuration does not grant (config.secrets)',
    );
    expect(await env.runs.listRuns({})).toEqual([]);
  });

  it('builds hello-c for linux/amd64 and linux/arm64, pushes both and a manifest list; the arm64 binary is an aarch64 ELF', async () => {
    const env = await setup({
      secrets: [],
      ssh: [],
      registries: [{ host: registry?.host ?? '', username: registry?.username, password: registry?.password, insecure: true, entities: ['*'] }],
    });
    if (!env) return;
    const dir = join(env.root, 'hello-c');
    cpSync(join(examples, 'hello-c'), dir, { recursive: true });
    const repository = `${registry!.host}/stagecraft-tests/hello-c`;
    const config: BuildConfig = {
      ...defaultBuildConfig,
      platforms: ['linux/amd64', 'linux/arm64'],
      buildArgs: { CROSS_GCC_IMAGE: 'stagecraft/gcc-cross:12', RUNTIME_IMAGE: `${registry!.host}/stagecraft/busybox:1.35` },
      push: { repository, tags: ['{shortRunId}'] },
    };
    await env.configs.save({ entityRef: 'component:default/hello-c', config, expectedVersion: 0, updatedBy: null });

    const { run } = await buildAndWatch(env.service, entityAt(dir, 'hello-c', 'Dockerfile.multiplatform'));
    expect([run.status, run.error]).toEqual(['succeeded', null]);
    expect(run.pushed?.platforms.map(p => p.platform)).toEqual(['linux/amd64', 'linux/arm64']);

    // Each platform's steps are recorded with it, with their durations.
    const steps = await env.runs.listSteps(run.id);
    for (const platform of ['linux/amd64', 'linux/arm64']) {
      const own = steps.filter(s => s.platform === platform && s.stage !== null);
      expect(own.some(s => s.instruction?.startsWith('RUN uname -m') && s.durationMs !== null)).toBe(true);
    }

    // The registry holds a manifest list naming both platforms' images.
    const list = await registryGet(`stagecraft-tests/hello-c/manifests/${run.id.slice(0, 8)}`, 'application/vnd.docker.distribution.manifest.list.v2+json');
    expect(list.status).toBe(200);
    expect(list.headers.get('docker-content-digest')).toBe(run.pushed!.digest);
    const { manifests } = (await list.json()) as { manifests: { digest: string; platform: { architecture: string; os: string } }[] };
    expect(manifests.map(m => `${m.platform.os}/${m.platform.architecture}`)).toEqual(['linux/amd64', 'linux/arm64']);

    // The arm64 image: its config says arm64, its RUN ran as aarch64, and wordfreq is an AArch64 ELF.
    const arm64 = manifests.find(m => m.platform.architecture === 'arm64')!;
    const manifest = (await (await registryGet(`stagecraft-tests/hello-c/manifests/${arm64.digest}`, 'application/vnd.docker.distribution.manifest.v2+json')).json()) as {
      config: { digest: string };
      layers: { digest: string }[];
    };
    const imageConfig = (await (await registryGet(`stagecraft-tests/hello-c/blobs/${manifest.config.digest}`, '*/*')).json()) as { architecture: string };
    expect(imageConfig.architecture).toBe('arm64');
    const layers = await Promise.all(manifest.layers.map(async l => Buffer.from(await (await registryGet(`stagecraft-tests/hello-c/blobs/${l.digest}`, '*/*')).arrayBuffer())));
    const files = async (path: string) => (await Promise.all(layers.map(l => fileInLayer(l, path)))).find(Boolean);
    expect((await files('etc/built-for'))?.toString().trim()).toBe('aarch64');
    const binary = await files('usr/local/bin/wordfreq');
    expect(binary?.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    // e_machine (offset 18, little-endian): 183 is AArch64.
    expect(binary?.readUInt16LE(18)).toBe(183);
  });
});
