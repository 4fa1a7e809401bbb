/*
 * The build routes over HTTP: validation (400 naming the field), stale writes
 * (409), permissions (403), unknown things (404), and a build against an
 * engine that is not there, which must end failed with the engine's reason.
 */
import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { serviceFixture } from './__testUtils__/fixtures';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { createBuildRouter } from './buildRouter';
import { BuildAnalytics } from './builds/BuildAnalytics';
import { BuildContextSource } from './source/BuildContextSource';
import type { BuildAccessSettings } from './buildAccessConfig';
import { BuildAccess } from './builds/BuildAccess';
import { BuildService } from './builds/BuildService';
import { DockerEngine } from './engine/DockerEngine';
import { Builders } from './engine/Builders';
import { buildStores, refusingBuilders } from './__testUtils__/buildStores';
import { EntityAccess } from './http/entityAccess';
import { DockerfileSource } from './source/DockerfileSource';
import { analysisPoolForTests } from './__testUtils__/analysisPool';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';

const analysis = analysisPoolForTests();

const { databases } = createTestDatabases();

describe('createBuildRouter', () => {
  const { root, serviceDir, entity } = serviceFixture();

  const services: BuildService[] = [];
  afterEach(async () => {
    await Promise.all(services.splice(0).map(s => s.shutdown(0)));
  });

  /** `claim: false` for tests that seed queued runs by hand: no replica takes them. */
  async function createApp(options: { deny?: string[]; builders?: Builders; claim?: boolean; buildAccess?: BuildAccessSettings } = {}) {
    const knex = await databases.init('SQLITE_3');
    const database = mockServices.database({ knex, migrations: { skip: false } });
    const { configs, runs, queue, eventStore } = await buildStores(database);
    const urlReader = mockServices.urlReader.mock();
    const dockerfiles = new DockerfileSource({ urlReader, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [root], maxDockerfileBytes: 4096 });
    // Healthy to a health check, but no engine listens: builds must fail with the engine's reason, never hang.
    const builders = options.builders ?? refusingBuilders();
    const contexts = new BuildContextSource({ urlReader, integrations: ScmIntegrations.fromConfig(new ConfigReader({})), allowedRoots: [root] });
    const builds = new BuildService({
      analysis,
      runs,
      configs,
      queue,
      eventStore,
      builders,
      claimPollMs: 50,
      claim: options.claim,
      access: options.buildAccess ? new BuildAccess(options.buildAccess) : undefined,
      eventPollMs: 50,
      eventFlushMs: 20,
      dockerfiles,
      contexts,
      logger: mockServices.logger.mock(),
      concurrency: 2,
    });
    services.push(builds);
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result: options.deny?.includes(r.permission.name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        })),
    });
    const router = createBuildRouter({
      analysis,
      access: new EntityAccess({ httpAuth: mockServices.httpAuth(), permissions, catalog: catalogServiceMock({ entities: [entity()] }) }),
      dockerfiles,
      configs,
      runs,
      builds,
      analytics: new BuildAnalytics(runs),
      builders,
      queue,
      keepAliveMs: 50,
      endCheckMs: 50,
    });
    // As large as the plugin router takes with the default 1 MiB Dockerfile limit.
    const app = express().use(express.json({ limit: 2 * 1024 * 1024 + 1024 })).use(router).use(mockErrorHandler());
    return { app, configs, runs, builds, contexts };
  }

  const configPath = '/entities/component/default/svc/config';
  const buildsPath = '/entities/component/default/svc/builds';
  const validConfig = {
    target: 'runtime',
    buildArgs: { BASE: 'busybox:1.36' },
    platforms: ['linux/amd64'],
    cache: { from: [], to: [], disabled: false },
    stageOverrides: {}, secrets: [], ssh: [], push: null,
  };

  it('reads the defaults, saves over the version read, and refuses a stale write with 409', async () => {
    const { app, configs } = await createApp();

    expect((await request(app).get(configPath)).body).toMatchObject({ version: 0, config: { target: null } });
    const saved = await request(app).put(configPath).send({ version: 0, config: validConfig });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 1, config: validConfig });

    const stale = await request(app).put(configPath).send({ version: 0, config: { ...validConfig, target: 'build' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/^The build configuration of component:default\/svc is at version 1, not 0/);
    expect((await configs.get('component:default/svc')).config.target).toBe('runtime');
  });

  it('refuses bad configurations with a 400 that names the field, and stores nothing', async () => {
    const { app, configs } = await createApp();
    const put = (config: object) => request(app).put(configPath).send({ version: 0, config: { ...validConfig, ...config } });

    const badArg = await put({ buildArgs: { '1BAD': 'x' } });
    const badTarget = await put({ target: 'tests' });
    const badPlatform = await put({ platforms: ['amd64'] });
    const noVersion = await request(app).put(configPath).send({ config: validConfig });

    expect(badArg.status).toBe(400);
    expect(badArg.body.error.message).toBe(
      'body.config.buildArgs.1BAD: "1BAD" is not a valid build-arg name (letters, digits and _, not starting with a digit)',
    );
    expect(badTarget.body.error.message).toBe(
      'body.config.target: target "tests" is not a stage of this Dockerfile; stages: build, runtime',
    );
    expect(badPlatform.body.error.message).toBe('body.config.platforms[0]: "amd64" is not a platform like linux/amd64 or linux/arm64/v8');
    expect(noVersion.body.error.message).toBe('body.version: the version you read is required (0 for the defaults)');
    expect((await configs.get('component:default/svc')).version).toBe(0);
  });

  it('refuses settings the engine cannot apply, instead of storing and ignoring them', async () => {
    const { app, configs } = await createApp();
    const put = (config: object) => request(app).put(configPath).send({ version: 0, config: { ...validConfig, ...config } });

    const twoPlatforms = await put({ platforms: ['linux/amd64', 'linux/arm64'] });
    const maxCache = await put({ cache: { from: [], to: ['type=registry,ref=r/c,mode=max'], disabled: false } });
    const registryCache = await put({ cache: { from: [], to: ['type=registry,ref=r/c'], disabled: false } });
    const inlineNoPush = await put({ cache: { from: [], to: ['type=inline'], disabled: false } });
    const localFrom = await put({ cache: { from: ['type=local,src=/tmp/c'], to: [], disabled: false } });
    const perStage = await put({ stageOverrides: { build: { noCache: true } } });
    const unknownSecret = await put({ secrets: ['npm_token'] });
    const unknownRegistry = await put({ push: { repository: 'registry.example.com/team/app', tags: ['{shortRunId}'] } });

    for (const refused of [twoPlatforms, maxCache, registryCache, inlineNoPush, localFrom, perStage, unknownSecret, unknownRegistry]) expect(refused.status).toBe(400);
    expect(twoPlatforms.body.error.message).toMatch(/^body\.config\.platforms: 2 platforms make a manifest list, which only a registry holds; set push/);
    expect(maxCache.body.error.message).toMatch(/^body\.config\.cache\.to\[0\]: a registry cache with mode=max .* needs a BuildKit daemon/);
    expect(registryCache.body.error.message).toMatch(/^body\.config\.cache\.to\[0\]: .* exports cache only inline/);
    expect(inlineNoPush.body.error.message).toMatch(/^body\.config\.cache\.to\[0\]: inline cache travels inside the pushed image; set push/);
    expect(localFrom.body.error.message).toMatch(/^body\.config\.cache\.from\[0\]: .* imports cache only from images in a registry/);
    expect(perStage.body.error.message).toMatch(/^body\.config\.stageOverrides\.build\.noCache: the Engine API's \/build has no per-stage no-cache/);
    expect(unknownSecret.body.error.message).toBe('body.config.secrets[0]: "npm_token" is not configured in multistageBuild.secrets (none is granted to component:default/svc)');
    expect(unknownRegistry.body.error.message).toMatch(/^body\.config\.push\.repository: registry\.example\.com is not a registry in multistageBuild\.registries/);
    expect((await configs.get('component:default/svc')).version).toBe(0);
    // What it can apply is still saved.
    expect((await put({ stageOverrides: { build: { noCache: false } } })).status).toBe(200);
  });

  it('saves secrets, SSH agents and a push granted to the entity, and refuses those granted only to others', async () => {
    const buildAccess: BuildAccessSettings = {
      secrets: [
        { id: 'npm_token', env: 'NPM_TOKEN', entities: ['component:default/*'] },
        { id: 'payments_key', value: 'never-shown', entities: ['component:default/payments'] },
      ],
      ssh: [{ id: 'default', agentSocket: '/run/agent.sock', entities: ['*'] }],
      registries: [
        { host: 'localhost:5000', username: 'u', password: 'p4ssword', insecure: true, entities: ['component:default/svc'] },
        { host: 'registry.other.example', insecure: false, entities: ['component:default/payments'] },
      ],
    };
    const { app } = await createApp({ buildAccess });
    const put = (config: object) => request(app).put(configPath).send({ version: 0, config: { ...validConfig, ...config } });

    const otherSecret = await put({ secrets: ['payments_key'] });
    const otherRegistry = await put({ push: { repository: 'registry.other.example/pay/app', tags: ['latest'] } });
    const badTag = await put({ push: { repository: 'localhost:5000/team/svc', tags: ['{branch}'] } });
    const hub = await put({ push: { repository: 'team/svc', tags: ['latest'] } });
    expect(otherSecret.body.error.message).toBe('body.config.secrets[0]: "payments_key" is not granted to component:default/svc (multistageBuild.secrets, entry payments_key: entities)');
    expect(otherRegistry.body.error.message).toMatch(/^body\.config\.push\.repository: the registry registry\.other\.example is not granted to component:default\/svc/);
    expect(badTag.body.error.message).toMatch(/^body\.config\.push\.tags\[0\]: \{branch\} is not a placeholder/);
    expect(hub.body.error.message).toMatch(/^body\.config\.push\.repository: "team\/svc" must be registry-host\/path/);

    const saved = await put({
      secrets: ['npm_token'],
      ssh: ['default'],
      platforms: ['linux/amd64', 'linux/arm64'],
      push: { repository: 'localhost:5000/team/svc', tags: ['{date}-{shortRunId}', 'latest'] },
      cache: { from: ['type=registry,ref=localhost:5000/team/svc:latest'], to: ['type=inline'], disabled: false },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.config).toMatchObject({ secrets: ['npm_token'], ssh: ['default'], push: { repository: 'localhost:5000/team/svc' } });
    // Ids only: no value or password is in what was saved and answered.
    expect(JSON.stringify(saved.body)).not.toMatch(/never-shown|p4ssword/);
  });

  it('answers 404 for an unknown entity and 403 without the permission', async () => {
    const { app } = await createApp({ deny: ['multistage-build.configure', 'multistage-build.run'] });

    expect((await request(app).get('/entities/component/default/nope/config')).status).toBe(404);
    const denied = await request(app).put(configPath).send({ version: 0, config: validConfig });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(/^Missing permission multistage-build\./);
    expect((await request(app).post(buildsPath).send({})).status).toBe(403);
  });

  it('refuses a bad build request before queueing anything', async () => {
    const { app, runs } = await createApp();

    const badTarget = await request(app).post(buildsPath).send({ target: 'tests' });
    const badArg = await request(app).post(buildsPath).send({ buildArgs: { 'A-B': '1' } });
    const unknown = await request(app).post('/entities/component/default/nope/builds').send({});

    expect(badTarget.status).toBe(400);
    expect(badTarget.body.error.message).toBe('body.target: target "tests" is not a stage of this Dockerfile; stages: build, runtime');
    expect(badArg.body.error.message).toMatch(/^body\.buildArgs\.A-B: "A-B" is not a valid build-arg name/);
    expect(unknown.status).toBe(404);
    expect(await runs.listRuns({})).toEqual([]);
  });

  it('refuses a build past the caps on unfinished builds per entity and per user with a 429 naming the cap', async () => {
    const { app, runs } = await createApp({ claim: false });
    const config = { ...validConfig, target: null };
    const queue = (entityRef: string, requestedBy: string) =>
      runs.createRun({ id: randomUUID(), entityRef, target: null, config, requestedBy, dockerfilePath: 'Dockerfile', dockerfileDigest: 'sha256:0' });
    // Five unfinished runs of this entity, requested by someone else.
    for (let i = 0; i < 5; i++) await queue('component:default/svc', 'user:default/someone-else');

    const perEntity = await request(app).post(buildsPath).send({});
    expect(perEntity.status).toBe(429);
    expect(perEntity.body.error.message).toBe(
      'component:default/svc already has 5 builds queued or running, the most one entity may have (multistageBuild.builds.maxUnfinishedPerEntity); wait for one to end or cancel one',
    );

    // One ends: this entity has room again, but the caller now has ten unfinished builds elsewhere.
    const [first] = await runs.listRuns({ entityRef: 'component:default/svc' });
    await runs.updateRun(first.id, { status: 'failed', finishedAt: new Date().toISOString(), error: 'x' });
    for (let i = 0; i < 10; i++) await queue(`component:default/other-${i}`, 'user:default/mock');
    const perUser = await request(app).post(buildsPath).send({});
    expect(perUser.status).toBe(429);
    expect(perUser.body.error.message).toBe(
      'user:default/mock already has 10 builds queued or running, the most one user may have (multistageBuild.builds.maxUnfinishedPerUser); wait for one to end or cancel one',
    );
    expect(await runs.countUnfinishedRuns({ entityRef: 'component:default/svc' })).toBe(4);
  });

  it('refuses values for secret-looking build args in configurations and requests, storing nothing', async () => {
    const { app, runs, configs } = await createApp();

    const saved = await request(app).put(configPath).send({ version: 0, config: { ...validConfig, buildArgs: { NPM_TOKEN: 'abc' } } });
    const started = await request(app).post(buildsPath).send({ buildArgs: { REGISTRY_PASSWORD: 'abc', BASE: 'x' } });

    expect(saved.status).toBe(400);
    expect(saved.body.error.message).toBe(
      'body.config.buildArgs.NPM_TOKEN: "NPM_TOKEN" looks like a secret, and build args are stored with every run and shown to ' +
        'whoever may read its runs; set it as an operator default in app-config (multistageBuild.builds.buildArgs), ' +
        'which is applied at build time and never stored, until BuildKit secret mounts are supported',
    );
    expect(started.status).toBe(400);
    expect(started.body.error.message).toMatch(/^body\.buildArgs\.REGISTRY_PASSWORD: "REGISTRY_PASSWORD" looks like a secret/);
    // Names that only mention a secret word as something public are fine.
    const publicKey = await request(app).put(configPath).send({ version: 0, config: { ...validConfig, buildArgs: { PUBLIC_KEY: 'ssh-ed25519 AAA' } } });
    expect(publicKey.status).toBe(200);
    expect((await configs.get('component:default/svc')).config.buildArgs).toEqual({ PUBLIC_KEY: 'ssh-ed25519 AAA' });
    expect(await runs.listRuns({})).toEqual([]);
  });

  it('masks secret-looking values of runs stored before they were refused, and rebuilds a run from its stored settings', async () => {
    const { app, runs } = await createApp();
    const id = randomUUID();
    await runs.createRun({
      id,
      entityRef: 'component:default/svc',
      target: 'build',
      config: { ...validConfig, target: 'build', buildArgs: { BASE: 'busybox:1.36', API_TOKEN: 'stored-long-ago' } },
      requestedBy: 'user:default/jane',
      dockerfilePath: 'Dockerfile',
      dockerfileDigest: 'sha256:0',
    });

    const one = await request(app).get(`/builds/${id}`);
    const list = await request(app).get('/builds');
    expect(one.body.run.config.buildArgs).toEqual({ BASE: 'busybox:1.36', API_TOKEN: '••••••' });
    expect(list.body.items[0].config.buildArgs.API_TOKEN).toBe('••••••');
    expect(JSON.stringify([one.body, list.body])).not.toContain('stored-long-ago');

    // Its stored settings hold a secret-looking value, so the server refuses to reuse it.
    const refused = await request(app).post(`/builds/${id}/rebuild`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^body\.buildArgs\.API_TOKEN: "API_TOKEN" looks like a secret/);

    const clean = randomUUID();
    await runs.createRun({
      id: clean,
      entityRef: 'component:default/svc',
      target: 'build',
      config: { ...validConfig, target: 'build', buildArgs: { BASE: 'busybox:1.37' } },
      requestedBy: 'user:default/jane',
      dockerfilePath: 'Dockerfile',
      dockerfileDigest: 'sha256:0',
    });
    const rebuilt = await request(app).post(`/builds/${clean}/rebuild`);
    expect(rebuilt.status).toBe(202);
    expect(rebuilt.body.id).not.toBe(clean);
    expect(rebuilt.body).toMatchObject({ target: 'build', requestedBy: 'user:default/mock', config: { buildArgs: { BASE: 'busybox:1.37' } } });
  });

  it('fills a page of runs with visible ones even when newer runs belong to entities the caller cannot see', async () => {
    const { app, runs } = await createApp();
    const store = (id: string, entityRef: string) =>
      runs.createRun({ id, entityRef, target: null, config: { ...validConfig, target: null }, requestedBy: null, dockerfilePath: 'Dockerfile', dockerfileDigest: 'sha256:0' });
    const visibleRun = randomUUID();
    await store(visibleRun, 'component:default/svc');
    await new Promise(r => setTimeout(r, 5));
    // Newer, of an entity this catalog does not have.
    for (let i = 0; i < 3; i++) await store(randomUUID(), 'component:default/ghost');

    const page = await request(app).get('/builds').query({ limit: 1 });
    expect(page.body.items.map((r: { id: string }) => r.id)).toEqual([visibleRun]);
    const analytics = await request(app).get('/analytics');
    expect(analytics.body.entities.map((e: { entityRef: string }) => e.entityRef)).toEqual(['component:default/svc']);
    expect(analytics.body.totals.runs).toBe(1);
  });

  it('holds the per-entity cap when requests arrive in parallel', async () => {
    const { app, builds, runs } = await createApp();
    // The engine holds every build, so none ends while the requests are counted.
    let release!: () => void;
    const held = new Promise<void>(resolvePromise => {
      release = resolvePromise;
    });
    jest.spyOn(builds.builders.primary.engine, 'build').mockImplementation(async () => {
      await held;
      throw new Error('released');
    });

    const responses = await Promise.all(Array.from({ length: 8 }, () => request(app).post(buildsPath).send({})));

    expect(responses.map(r => r.status).sort()).toEqual([202, 202, 202, 202, 202, 429, 429, 429]);
    expect(await runs.countUnfinishedRuns({ entityRef: 'component:default/svc' })).toBe(5);
    release();
    await builds.idle();
  });

  it('refuses build args larger than the engine request can carry (1.9 MB was accepted and stored before)', async () => {
    const { app, runs, configs } = await createApp();
    const huge = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`ARG_${i}`, 'x'.repeat(64 * 1024)]));

    const saved = await request(app).put(configPath).send({ version: 0, config: { ...validConfig, buildArgs: huge } });
    const started = await request(app).post(buildsPath).send({ buildArgs: huge });

    for (const [response, field] of [[saved, 'body.config.buildArgs'], [started, 'body.buildArgs']] as const) {
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(
        new RegExp(`^${field.replace(/\./g, '\\.')}: the build args take 1,\\d{3},\\d{3} bytes in the engine's request \\(URL-encoded JSON\\); the engine accepts at most 786,432$`),
      );
    }
    expect((await configs.get('component:default/svc')).version).toBe(0);
    expect(await runs.listRuns({})).toEqual([]);
  });

  it('queues a build, ends it failed with the engine reason when no engine answers, and streams its events', async () => {
    const { app, builds } = await createApp();

    const started = await request(app).post(buildsPath).send({ target: 'runtime', buildArgs: { BASE: 'busybox:1.36' } });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued', target: 'runtime', config: { buildArgs: { BASE: 'busybox:1.36' } } });
    await builds.idle();

    const read = await request(app).get(`/builds/${started.body.id}`);
    expect(read.body.run).toMatchObject({ status: 'failed', error: expect.stringMatching(/^the engine refused the build: connect ENOENT/) });
    const listed = await request(app).get('/builds').query({ entityRef: 'component:default/svc' });
    expect(listed.body.items.map((r: { id: string }) => r.id)).toEqual([started.body.id]);

    const events = await request(app).get(`/builds/${started.body.id}/events`).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', chunk => {
        text += chunk;
      });
      res.on('end', () => done(null, text));
    });
    expect(events.headers['content-type']).toBe('text/event-stream');
    const types = [...(events.body as string).matchAll(/^event: (\w+)$/gm)].map(m => m[1]);
    expect(types[0]).toBe('status');
    expect(types[types.length - 1]).toBe('finished');

    const cancelled = await request(app).post(`/builds/${started.body.id}/cancel`);
    expect(cancelled.status).toBe(409);
    expect(cancelled.body.error.message).toBe(`Build run ${started.body.id} already ended (failed)`);
  });

  it('builds only the Dockerfile that was analysed: a copy changed in between fails the run before the engine is asked', async () => {
    const { app, builds, contexts } = await createApp();
    const { writeFileSync, readFileSync } = require('node:fs');
    const dockerfile = join(serviceDir, 'Dockerfile');
    const original = readFileSync(dockerfile, 'utf8');
    const resolve = contexts.resolve.bind(contexts);
    jest.spyOn(contexts, 'resolve').mockImplementationOnce(async entityToBuild => {
      writeFileSync(dockerfile, `${original}# edited after the analysis\n`);
      return resolve(entityToBuild);
    });
    try {
      const started = await request(app).post(buildsPath).send({});
      await builds.idle();
      const read = await request(app).get(`/builds/${started.body.id}`);
      expect(read.body.run).toMatchObject({
        status: 'failed',
        error: expect.stringMatching(/^the Dockerfile changed between its analysis \(sha256:[0-9a-f]{12}\) and the build \(sha256:[0-9a-f]{12}\); start the build again$/),
      });
    } finally {
      writeFileSync(dockerfile, original);
    }
  });

  it('refuses to build a binary or oversized Dockerfile with a 400 that names the file, storing nothing', async () => {
    const { app, runs } = await createApp();
    const dockerfile = require('node:path').join(root, 'svc', 'Dockerfile');
    const fs = require('node:fs');
    const original = fs.readFileSync(dockerfile);
    try {
      fs.writeFileSync(dockerfile, Buffer.from('FROM busybox\n\u0000\u0001binary'));
      const binary = await request(app).post(buildsPath).send({});
      fs.writeFileSync(dockerfile, `FROM busybox\n${'#'.repeat(5000)}\n`);
      const big = await request(app).post(buildsPath).send({});

      expect(binary.status).toBe(400);
      expect(binary.body.error.message).toBe('component:default/svc Dockerfile: line 2 contains a NUL byte; this is not a text Dockerfile');
      expect(big.status).toBe(400);
      expect(big.body.error.message).toMatch(/^component:default\/svc Dockerfile: the Dockerfile is 5014 bytes; the limit is 4096/);
      expect(await runs.listRuns({})).toEqual([]);
    } finally {
      fs.writeFileSync(dockerfile, original);
    }
  });

  it('answers 400 for a malformed run id and 404 for an unknown one', async () => {
    const { app } = await createApp();

    expect((await request(app).get('/builds/not-an-id')).body.error.message).toBe('path.id: is not a build run id');
    expect((await request(app).get('/builds/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await request(app).post('/builds/00000000-0000-4000-8000-000000000000/cancel')).status).toBe(404);
  });

  it('summarises runs in analytics', async () => {
    const { app, builds } = await createApp();
    await request(app).post(buildsPath).send({});
    await builds.idle();

    const analytics = await request(app).get('/analytics');

    expect(analytics.body.totals).toMatchObject({ runs: 1, failed: 1, succeeded: 0, successRate: 0 });
    expect(analytics.body.entities.map((e: { entityRef: string }) => e.entityRef)).toEqual(['component:default/svc']);
  });

  it('pages and filters the run list, counts what matches, and refuses a bad filter naming it', async () => {
    const { app, runs } = await createApp({ claim: false });
    const entityRef = 'component:default/svc';
    for (let i = 0; i < 5; i++) {
      await runs.createRun({ id: randomUUID(), entityRef, target: i < 2 ? 'build' : null, config: { ...validConfig, buildArgs: {} }, requestedBy: null, dockerfilePath: 'Dockerfile', dockerfileDigest: 'x' });
      await new Promise(r => setTimeout(r, 3));
    }
    const all = (await runs.listRuns({ entityRef })).map(r => r.id);
    await runs.updateRun(all[0], { status: 'failed' });

    const page = await request(app).get('/builds').query({ entityRef, limit: 2, offset: 2 });
    expect(page.body.total).toBe(5);
    expect(page.body.items.map((r: { id: string }) => r.id)).toEqual(all.slice(2, 4));
    const failed = await request(app).get('/builds').query({ entityRef, status: 'failed' });
    expect(failed.body).toMatchObject({ total: 1, items: [{ id: all[0] }] });
    const ofBuild = await request(app).get('/builds').query({ entityRef, target: 'build' });
    expect(ofBuild.body.total).toBe(2);
    const ofLast = await request(app).get('/builds').query({ entityRef, target: '', status: 'queued,failed' });
    expect(ofLast.body.total).toBe(3);
    const bad = await request(app).get('/builds').query({ entityRef, status: 'done' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^query\.status/);
  });

  it('answers the configuration history, who saved what and when', async () => {
    const { app } = await createApp();
    await request(app).put(configPath).send({ version: 0, config: validConfig });
    await request(app).put(configPath).send({ version: 1, config: { ...validConfig, buildArgs: { BASE: 'busybox:1.37' } } });

    const history = await request(app).get(`${configPath}/history`);

    expect(history.status).toBe(200);
    expect(history.body.items.map((v: { version: number; config: { buildArgs: object } }) => [v.version, v.config.buildArgs])).toEqual([
      [2, { BASE: 'busybox:1.37' }],
      [1, { BASE: 'busybox:1.36' }],
    ]);
    expect(history.body.items[0].updatedBy).toMatch(/^user:/);
    const denied = await request((await createApp({ deny: ['multistage-build.runs.read'] })).app).get(`${configPath}/history`);
    expect(denied.status).toBe(403);
  });

  it('answers the entity history for the charts, and a step log only once stored', async () => {
    const { app, builds, runs } = await createApp();
    const started = await request(app).post(buildsPath).send({});
    await builds.idle();
    expect(started.body.findings).toEqual({ error: expect.any(Number), warning: expect.any(Number), info: expect.any(Number) });

    const history = await request(app).get('/entities/component/default/svc/analytics').query({ limit: 10 });
    expect(history.body).toMatchObject({ entityRef: 'component:default/svc', total: 1, offset: 0, byStatus: { failed: 1 } });
    expect(history.body.runs.map((p: { runId: string }) => p.runId)).toEqual([started.body.id]);
    expect((await request(app).get('/entities/component/default/svc/analytics').query({ limit: 0 })).status).toBe(400);

    const digest = `sha256:${'a'.repeat(64)}`;
    const missing = await request(app).get(`/builds/${started.body.id}/steps/${digest}/log`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(`Build run ${started.body.id} stored no output for step ${digest}`);
    await runs.saveStepLogs(started.body.id, [{ digest, text: 'hello\n', droppedBytes: 0 }]);
    expect((await request(app).get(`/builds/${started.body.id}/steps/${digest}/log`)).body).toEqual({ digest, text: 'hello\n', droppedBytes: 0 });
    expect((await request(app).get(`/builds/${started.body.id}/steps/nope/log`)).body.error.message).toMatch(/^path\.digest: is not a step digest/);
  });

  it('refuses a build with a 503 naming the builder and why when no builder answers, storing nothing', async () => {
    const { app, runs } = await createApp({
      builders: Builders.single(new DockerEngine({ host: 'unix:///nonexistent/docker.sock' }), 2, 'local'),
    });
    const started = await request(app).post(buildsPath).send({ target: 'runtime', buildArgs: { BASE: 'busybox:1.36' } });
    expect(started.status).toBe(503);
    expect(started.body.error.message).toMatch(/^no builder can take builds now: local: no Docker engine answers at unix:\/\/\/nonexistent\/docker.sock: connect ENOENT/);
    expect(await runs.listRuns({})).toEqual([]);
  });

  it('streams a run from its stored events with ids, and resumes after Last-Event-ID without gaps or repeats', async () => {
    const { app, runs, builds } = await createApp();
    const id = randomUUID();
    await runs.createRun({ id, entityRef: 'component:default/svc', target: null, config: { ...validConfig, buildArgs: {} }, requestedBy: null, dockerfilePath: 'Dockerfile', dockerfileDigest: 'x' });
    await runs.updateRun(id, { status: 'running', startedAt: new Date().toISOString() });
    const step = { runId: id, digest: 'sha256:s', name: '[build 2/2] RUN make', stage: 'build', step: 2, instruction: 'RUN make', cached: false, startedAt: null, completedAt: null, durationMs: null, error: null, logTail: '', missReason: null, platform: null };
    builds.events.publish(id, { type: 'step', step });
    builds.events.publish(id, { type: 'log', digest: 'sha256:s', stage: 'build', text: 'line 1\n' });
    await builds.events.flush(id);

    const read = (headers: Record<string, string>) =>
      request(app).get(`/builds/${id}/events`).set(headers).buffer(true).parse((res, done) => {
        let text = '';
        res.on('data', chunk => {
          text += chunk;
        });
        res.on('end', () => done(null, text));
      }).then(r => (r.body as string).split('\n\n').filter(block => /^id: /.test(block)).map(block => ({
        id: Number(/^id: (\d+)/.exec(block)![1]),
        event: JSON.parse(block.split('\ndata: ')[1]),
      })));
    const first = read({});
    await new Promise(r => setTimeout(r, 100));
    builds.events.publish(id, { type: 'log', digest: 'sha256:s', stage: 'build', text: 'line 2\n' });
    await builds.events.flush(id);
    builds.events.publish(id, { type: 'finished', run: (await runs.getRun(id))! });
    const whole = await first;
    expect(whole.map(e => e.id)).toEqual([1, 2, 3, 4]);
    expect(whole.filter(e => e.event.type === 'log').map(e => e.event.text).join('')).toBe('line 1\nline 2\n');

    // A client that had event 2 gets 3 and 4, once each (the run is still running in the store).
    const resumed = await read({ 'Last-Event-ID': '2' });
    expect(resumed.map(e => e.id)).toEqual([3, 4]);
    expect((await request(app).get(`/builds/${id}/events`).set('Last-Event-ID', 'x')).status).toBe(400);
  });
  it('ends a stream whose run ended without its finished event (a replica lost in between) with the stored end', async () => {
    const { app, runs } = await createApp({ claim: false });
    const id = randomUUID();
    await runs.createRun({ id, entityRef: 'component:default/svc', target: null, config: { ...validConfig, buildArgs: {} }, requestedBy: null, dockerfilePath: 'Dockerfile', dockerfileDigest: 'x' });
    await runs.updateRun(id, { status: 'running', startedAt: new Date().toISOString() });
    const stream = request(app).get(`/builds/${id}/events`).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', chunk => {
        text += chunk;
      });
      res.on('end', () => done(null, text));
    });
    const body = stream.then(r => r.body as string);
    await new Promise(r => setTimeout(r, 100));
    // Stored as ended, and no event says so.
    await runs.updateRun(id, { status: 'failed', finishedAt: new Date().toISOString(), error: 'lost' });
    const types = [...(await body).matchAll(/^event: (\w+)$/gm)].map(m => m[1]);
    expect(types).toEqual(['status', 'finished']);
    expect(await body).toContain('"error":"lost"');
  });
});
