import {
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import express from 'express';
import request from 'supertest';
import { serviceFixture } from './__testUtils__/fixtures';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { DatabaseDockerfileSnapshotStore } from './database/DockerfileSnapshotStore';
import { DockerEngine } from './engine/DockerEngine';
import type { SeverityOverride } from '@stagecraft/plugin-multistage-build-common';
import { createRouter } from './router';
import { DockerfileSource } from './source/DockerfileSource';
import { EntityDockerfileService } from './service/EntityDockerfileService';
import { EntityAccess } from './http/entityAccess';
import { analysisPoolForTests } from './__testUtils__/analysisPool';
import type { AnalysisPool } from '@stagecraft/plugin-multistage-build-node';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';

const analysis = analysisPoolForTests();

const { databases } = createTestDatabases();

describe('createRouter', () => {
  const { root, entity } = serviceFixture();

  async function createApp(
    options: {
      allow?: boolean;
      severityOverrides?: Record<string, SeverityOverride>;
      analysis?: AnalysisPool;
      maxDockerfileBytes?: number;
    } = {},
  ) {
    const knex = await databases.init('SQLITE_3');
    const snapshots = await DatabaseDockerfileSnapshotStore.create({
      database: mockServices.database({ knex }),
    });
    const source = new DockerfileSource({
      urlReader: mockServices.urlReader.mock(),
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      allowedRoots: [root],
      maxDockerfileBytes: 4096,
    });
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({
          result: options.allow === false ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        })),
    });
    const router = await createRouter({
      analysis: options.analysis ?? analysis,
      access: new EntityAccess({ httpAuth: mockServices.httpAuth(), permissions, catalog: catalogServiceMock({ entities: [entity()] }) }),
      entityDockerfiles: new EntityDockerfileService({
        analysis,
        source,
        snapshots,
        severityOverrides: options.severityOverrides,
      }),
      snapshots,
      // Nothing listens on this socket: the real client reports the engine missing.
      engine: new DockerEngine({ host: 'unix:///nonexistent/docker.sock' }),
      maxDockerfileBytes: options.maxDockerfileBytes ?? 4096,
      severityOverrides: options.severityOverrides,
    });
    return { app: express().use(router).use(mockErrorHandler()), snapshots };
  }

  it("returns an entity's Dockerfile with its stages and records a snapshot", async () => {
    const { app, snapshots } = await createApp();

    const response = await request(app).get('/entities/component/default/svc/dockerfile');

    expect(response.status).toBe(200);
    expect(response.body.entityRef).toBe('component:default/svc');
    expect(response.body.stages.map((s: any) => [s.name, s.resolvedBase, s.role, s.line])).toEqual([
      ['build', 'busybox:1.36', 'build', 2],
      ['runtime', 'busybox:1.36', 'runtime', 4],
    ]);
    expect(response.body.edges).toEqual([{ from: 0, to: 1, kind: 'copy', line: 5 }]);
    expect(response.body.parseErrors).toEqual([]);
    const stored = await snapshots.get('component:default/svc');
    expect(stored?.stages).toHaveLength(2);
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const { app } = await createApp();

    const response = await request(app).get('/entities/component/default/nope/dockerfile');

    expect(response.status).toBe(404);
    expect(response.body.error.message).toBe('No entity component:default/nope in the catalog');
  });

  it('analyses posted Dockerfile text, with parse errors positioned', async () => {
    const { app } = await createApp();

    const response = await request(app)
      .post('/analyze')
      .send({ text: 'FROM busybox AS a\nENV ONLYKEY\n' });

    expect(response.status).toBe(200);
    expect(response.body.stages).toHaveLength(1);
    expect(response.body.parseErrors).toEqual([
      { line: 2, message: 'ENV must have two arguments' },
    ]);
  });

  it('returns findings, the report and the critical path for the chosen target', async () => {
    const { app } = await createApp();
    const text = 'FROM busybox:1.36 AS build\nMAINTAINER ops\nRUN make\nFROM busybox:1.36 AS runtime\nCOPY --from=build /a /a\n';

    const response = await request(app).post('/analyze').send({ text, path: 'svc/Dockerfile', target: 'build' });

    expect(response.status).toBe(200);
    expect(response.body.target).toBe(0);
    expect(response.body.report.path).toBe('svc/Dockerfile');
    expect(response.body.findings).toContainEqual(
      expect.objectContaining({ rule: 'maintainer-deprecated', line: 2, stage: 0 }),
    );
    expect(response.body.criticalPath.stages).toEqual([0]);
    const runtime = await request(app).post('/analyze').send({ text });
    expect(runtime.body.criticalPath.stages).toEqual([0, 1]);
  });

  it('applies the configured severity overrides', async () => {
    const { app } = await createApp({ severityOverrides: { 'maintainer-deprecated': 'error' } });
    const text = 'FROM busybox:1.36\nMAINTAINER ops\n';

    const response = await request(app).post('/analyze').send({ text });

    expect(response.body.findings).toContainEqual(
      expect.objectContaining({ rule: 'maintainer-deprecated', severity: 'error' }),
    );
    const off = await createApp({ severityOverrides: { 'maintainer-deprecated': 'off' } });
    const offResponse = await request(off.app).post('/analyze').send({ text });
    expect(offResponse.body.findings.map((f: { rule: string }) => f.rule)).not.toContain('maintainer-deprecated');
    // The entity's Dockerfile carries them, so the tab's analysis in the browser applies them too.
    const entityResponse = await request(off.app).get('/entities/component/default/svc/dockerfile');
    expect(entityResponse.body.severityOverrides).toEqual({ 'maintainer-deprecated': 'off' });
    expect(entityResponse.body.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // No builds recorded in this app: nothing weighs the critical path but the estimates.
    expect(entityResponse.body.recordedSeconds).toEqual({});
  });

  it('converts a single-stage Dockerfile and analyses the result', async () => {
    const { app } = await createApp();
    const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/server ./cmd/server\nCMD ["/out/server"]\n';

    const response = await request(app).post('/convert').send({ text, path: 'svc/Dockerfile' });

    expect(response.status).toBe(200);
    expect(response.body.language).toBe('go');
    expect(response.body.stages.length).toBeGreaterThanOrEqual(3);
    expect(response.body.analysis.parseErrors).toEqual([]);
    expect(response.body.analysis.findings.filter((f: { severity: string }) => f.severity !== 'info')).toEqual([]);
  });

  it('answers 400 naming the field when the text to convert is missing or binary', async () => {
    const { app } = await createApp();

    const missing = await request(app).post('/convert').send({ dockerfile: 'FROM x' });
    const binary = await request(app).post('/convert').send({ text: 'FROM golang:1.22\n\u0000' });

    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('body.text: body field "text" (the single-stage Dockerfile) is required');
    expect(binary.status).toBe(400);
    expect(binary.body.error.message).toBe('body.text: line 2 contains a NUL byte; this is not a text Dockerfile');
  });

  it('answers 400 with the reason when the converter does not know the layout', async () => {
    const { app } = await createApp();

    const response = await request(app).post('/convert').send({ text: 'FROM php:8.3\nCOPY . /var/www\n' });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/^body\.text: Dockerfile:1: /);
  });

  it('answers 400 for a target that names no stage, listing the stages', async () => {
    const { app } = await createApp();

    const response = await request(app)
      .post('/analyze')
      .send({ text: 'FROM busybox:1.36 AS build\nFROM busybox:1.36 AS runtime\n', target: 'tests' });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'body.target: target "tests" is not a stage of this Dockerfile; stages: build, runtime',
    );
  });

  it('rejects a missing, oversized or binary text with a 400 that says what', async () => {
    const { app } = await createApp();

    const missing = await request(app).post('/analyze').send({ dockerfile: 'FROM x' });
    const big = await request(app).post('/analyze').send({ text: `FROM x\n${'#'.repeat(5000)}` });
    const binary = await request(app).post('/analyze').send({ text: 'FROM x\n\u0000' });

    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('body.text: body field "text" (the Dockerfile) is required');
    expect(big.status).toBe(400);
    expect(big.body.error.message).toMatch(/^body.text: the Dockerfile is 5007 bytes; the limit is 4096/);
    expect(binary.status).toBe(400);
    expect(binary.body.error.message).toBe('body.text: line 2 contains a NUL byte; this is not a text Dockerfile');
  });

  it('reports the engine as unavailable with the reason', async () => {
    const { app } = await createApp();

    const response = await request(app).get('/engine');

    expect(response.status).toBe(200);
    expect(response.body.available).toBe(false);
    expect(response.body.reason).toMatch(/^No Docker engine answers at unix:\/\/\/nonexistent\/docker.sock/);
  });

  it('answers malformed JSON and bad entity names with 400s that say what, without echoing the body, a stack or a server path', async () => {
    const { app } = await createApp();

    const malformed = await request(app)
      .post('/analyze')
      .set('content-type', 'application/json')
      // V8 quotes the text around an unexpected token in its message.
      .send('{"text": "FROM alpine", TOKEN=s3cr3t-value-never-echoed}');
    const nul = await request(app).get('/entities/component/default/a%00b/dockerfile');
    const kind = await request(app).get('/entities/c$mp/default/svc/dockerfile');

    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/^body: not valid JSON( \(at character \d+\))?$/);
    expect(nul.status).toBe(400);
    expect(nul.body.error.message).toBe('path.name: "a\\u0000b" is not a valid entity name');
    expect(kind.body.error.message).toBe('path.kind: "c$mp" is not a valid entity kind');
    for (const response of [malformed, nul, kind]) {
      expect(response.text).not.toContain('s3cr3t-value-never-echoed');
      expect(response.body.error.stack).toBeUndefined();
      expect(response.text).not.toContain(__dirname.split('/plugins/')[0]);
    }
  });

  describe('hostile input', () => {
    const roomy = analysisPoolForTests({ limits: { maxStages: 3000 } });
    /** 3,000 small stages: 80 KB that took 4.4 s on the event loop before the analysis was bounded. */
    const manyStages = Array.from({ length: 3000 }, (_, i) => `FROM alpine AS s${i}\nCOPY --from=x${i} /a /a`).join('\n');
    /** 1.3 KB of ARGs that each double the last: a 134 MB string and a 500 before. */
    const doublingArgs = [
      'ARG A0=xxxxxxxxxxxxxxxx',
      ...Array.from({ length: 40 }, (_, i) => `ARG A${i + 1}=\${A${i}}\${A${i}}`),
      'FROM alpine:3.20',
    ].join('\n');

    it('answers 422 naming the limit and the line for too many stages', async () => {
      const { app } = await createApp({ maxDockerfileBytes: 1 << 20 });
      const response = await request(app).post('/analyze').send({ text: manyStages });
      expect(response.status).toBe(422);
      expect(response.body.error.message).toBe(
        'body.text: line 1001: more than 500 stages (limit maxStages); multistageBuild.analysis.limits.maxStages sets it',
      );
    });

    it('answers 422 for a chain of doubling ARGs, at the ARG that passes the limit', async () => {
      const { app } = await createApp({ maxDockerfileBytes: 1 << 20 });
      const response = await request(app).post('/analyze').send({ text: doublingArgs });
      expect(response.status).toBe(422);
      expect(response.body.error.message).toBe(
        'body.text: line 14: more than 65,536 characters from one variable expansion (limit maxExpandedLength); multistageBuild.analysis.limits.maxExpandedLength sets it',
      );
    });

    it('answers /health while an analysis is still running', async () => {
      const { app } = await createApp({ analysis: roomy, maxDockerfileBytes: 1 << 20 });
      await request(app).post('/analyze').send({ text: 'FROM alpine:3.20\n' }); // a warm worker
      let analysed = false;
      const running = request(app)
        .post('/analyze')
        .send({ text: manyStages })
        .then(response => {
          analysed = true;
          return response;
        });
      // Asked only once the analysis is running in a worker.
      for (let i = 0; i < 500 && roomy.stats().running === 0; i++) await new Promise(r => setTimeout(r, 10));
      expect(roomy.stats().running).toBe(1);
      const health = await request(app).get('/health');
      expect(health.status).toBe(200);
      expect(analysed).toBe(false);
      expect(roomy.stats().running).toBe(1);
      const done = await running;
      expect(done.status).toBe(200);
      expect(done.body.stages).toHaveLength(3000);
    });
  });

  it('answers 403 without the read permission', async () => {
    const { app } = await createApp({ allow: false });

    const response = await request(app).get('/entities/component/default/svc/dockerfile');

    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe('Missing permission multistage-build.read on component:default/svc');
  });
});
