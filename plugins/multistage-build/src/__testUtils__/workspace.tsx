/*
 * A fake backend and a rendered workspace for the views' component tests.
 * The analysis data comes from the shared core, as the backend computes it.
 */
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { MockPermissionApi, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { alertApiRef, type AlertMessage } from '@backstage/core-plugin-api';
import {
  allRules,
  defaultBuildConfig,
  describeDockerfile,
  type BuildRun,
  type BuildStep,
  type EntityDockerfileResponse,
} from '@stagecraft/plugin-multistage-build-common';
import { Route, Routes } from 'react-router-dom';
import { multistageBuildApiRef, type MultistageBuildApi } from '../api';
import { BuildWorkspace } from '../components/BuildWorkspace';

export const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'hello-c', annotations: { 'stagecraft.io/dockerfile': 'Dockerfile' } },
  spec: {},
};

export const text = [
  'ARG GCC_IMAGE=gcc:12',
  'FROM ${GCC_IMAGE} AS build',
  'RUN make',
  'FROM build AS test',
  'RUN make test',
  'FROM busybox:1.36 AS runtime',
  'MAINTAINER ops',
  'COPY --from=build /out /out',
  '',
].join('\n');

export const dockerfile: EntityDockerfileResponse = {
  entityRef: 'component:default/hello-c',
  path: 'Dockerfile',
  location: 'examples/hello-c/Dockerfile',
  text,
  digest: 'sha256:current',
  severityOverrides: {},
  recordedSeconds: {},
  ...describeDockerfile({ path: 'Dockerfile', text, rules: allRules.filter(r => r.id === 'maintainer-deprecated') }),
};

export const run: BuildRun = {
  id: '11111111-2222-4333-8444-555555555555',
  entityRef: 'component:default/hello-c',
  status: 'succeeded',
  target: 'runtime',
  config: { ...defaultBuildConfig, buildArgs: { GCC_IMAGE: 'gcc:13', NPM_TOKEN: '••••••' } },
  defaultBuildArgs: ['REGISTRY'],
  requestedBy: 'user:default/jane',
  dockerfilePath: 'Dockerfile',
  dockerfileDigest: 'sha256:x',
  createdAt: '2026-11-23T10:00:00.000Z',
  startedAt: '2026-11-23T10:00:00.000Z',
  finishedAt: '2026-11-23T10:00:12.500Z',
  imageId: 'sha256:image0123456789abcdef',
  imageSize: 4_200_000,
  stageSizes: { build: 900_000_000, runtime: 4_200_000 },
  error: null,
  cacheHits: 1,
  cacheMisses: 1,
  timeSavedMs: 3000,
  findings: { error: 0, warning: 1, info: 2 },
  engine: 'default',
  pushed: null,
};

export const step = (overrides: Partial<BuildStep>): BuildStep => ({
  runId: run.id,
  digest: 'sha256:a',
  name: '[build 2/3] COPY src ./src',
  stage: 'build',
  step: 2,
  instruction: 'COPY src ./src',
  cached: false,
  startedAt: '2026-11-23T10:00:01.000Z',
  completedAt: '2026-11-23T10:00:02.000Z',
  durationMs: 1000,
  error: null,
  logTail: '',
  missReason: null, platform: null,
  ...overrides,
});

/** Replays a finished run's events, as the backend's stream does. */
export const replay: MultistageBuildApi['watchBuild'] = async (_id, onEvent) => {
  onEvent({ type: 'status', run });
  onEvent({ type: 'step', step: step({ digest: 'sha256:m', name: '[build 1/3] COPY Makefile ./', step: 1, instruction: 'COPY Makefile ./', cached: true, startedAt: '2026-11-23T10:00:00.500Z', completedAt: '2026-11-23T10:00:00.600Z' }) });
  onEvent({ type: 'step', step: step({ missReason: { kind: 'context-files-changed', paths: ['src/wordfreq.c'], more: 0 } }) });
  onEvent({ type: 'log', digest: 'sha256:a', stage: 'build', text: 'copied 3 files\n' });
  onEvent({ type: 'finished', run });
};

export function fakeApi(overrides: Partial<MultistageBuildApi> = {}): MultistageBuildApi {
  return {
    getEntityDockerfile: async () => dockerfile,
    getEngineStatus: async () => ({ available: true, version: '20.10.24', apiVersion: '1.41' }),
    startBuild: async () => ({ ...run, status: 'queued' }),
    listBuilds: async () => ({ items: [run], total: 1 }),
    getBuild: async () => ({ run, steps: [] }),
    cancelBuild: async () => run,
    rebuild: async () => ({ ...run, id: '99999999-2222-4333-8444-555555555555', status: 'queued' }),
    getLayers: async () => ({ imageId: run.imageId!, layers: [{ createdBy: 'COPY /out /out # buildkit', sizeBytes: 1_200_000 }] }),
    getStepLog: async (_id, digest) => ({ digest, text: 'whole output\n', droppedBytes: 0 }),
    getBuildConfig: async () => ({ entityRef: run.entityRef, config: defaultBuildConfig, version: 0, updatedBy: null, updatedAt: null }),
    saveBuildConfig: async (_ref, version, config) => ({ entityRef: run.entityRef, config, version: version + 1, updatedBy: 'user:default/jane', updatedAt: '2026-12-03T10:00:00.000Z' }),
    getConfigHistory: async () => [],
    getEntityHistory: async () => ({ entityRef: run.entityRef, total: 0, offset: 0, runs: [], byTarget: [], byStatus: {}, dockerfileVersions: [] }),
    getCacheUsage: async () => ({ records: 12, sizeBytes: 340_000_000, reclaimableBytes: 120_000_000 }),
    pruneCache: async () => ({ reclaimedBytes: 120_000_000 }),
    getEngines: async () => ({ engines: [], queued: 0 }),
    pruneEngine: async () => ({ reclaimedBytes: 0 }),
    watchBuild: replay,
    getFleetSummary: async () => {
      throw new Error('getFleetSummary: not faked in this test');
    },
    getFleetEntities: async () => ({ items: [], total: 0 }),
    getFleetCsv: async () => '',
    ...overrides,
  };
}

/** Alerts the views posted, newest last. */
export const alerts: AlertMessage[] = [];
const alertApi = {
  post: (message: AlertMessage) => alerts.push(message),
  alert$: () => ({ subscribe: () => ({ unsubscribe: () => undefined, closed: false }), [Symbol.observable]() { return this; } }) as any,
};

/** Renders the workspace as the entity tab mounts it, at `path` under the tab. */
export function renderWorkspace(api: MultistageBuildApi, path = '', allowed: (permission: string) => boolean = () => true) {
  alerts.length = 0;
  const permissionApi = new MockPermissionApi(request =>
    allowed(request.permission.name) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
  );
  return renderInTestApp(
    <TestApiProvider apis={[[multistageBuildApiRef, api], [permissionApiRef, permissionApi], [alertApiRef, alertApi]]}>
      <EntityProvider entity={entity}>
        <Routes>
          <Route path="/tab/*" element={<BuildWorkspace />} />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [`/tab${path}`] },
  );
}
