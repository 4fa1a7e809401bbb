import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  allRules,
  defaultBuildConfig,
  describeDockerfile,
  type BuildRun,
  type BuildStep,
  type EntityDockerfileResponse,
} from '@stagecraft/plugin-multistage-build-common';
import { multistageBuildApiRef, type MultistageBuildApi } from '../../api';
import { EntityMultistageBuildContent } from './EntityMultistageBuildContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'hello-c', annotations: { 'stagecraft.io/dockerfile': 'Dockerfile' } },
  spec: {},
};

const text = [
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

// The same analysis the backend sends, computed by the shared core.
const dockerfile: EntityDockerfileResponse = {
  entityRef: 'component:default/hello-c',
  path: 'Dockerfile',
  location: 'examples/hello-c/Dockerfile',
  text,
  // One rule, so the expectations below do not move as the catalog grows.
  ...describeDockerfile({
    path: 'Dockerfile',
    text,
    rules: allRules.filter(r => r.id === 'maintainer-deprecated'),
  }),
};

const run: BuildRun = {
  id: 'run-1',
  entityRef: 'component:default/hello-c',
  status: 'succeeded',
  target: 'runtime',
  config: defaultBuildConfig,
  defaultBuildArgs: [],
  requestedBy: null,
  dockerfilePath: 'Dockerfile',
  dockerfileDigest: 'sha256:x',
  createdAt: '2026-11-23T10:00:00.000Z',
  startedAt: '2026-11-23T10:00:00.000Z',
  finishedAt: '2026-11-23T10:00:12.500Z',
  imageId: 'sha256:image',
  imageSize: 4_200_000,
  stageSizes: { build: 900_000_000, runtime: 4_200_000 },
  error: null,
  cacheHits: 1,
  cacheMisses: 1,
  timeSavedMs: 3000,
  findings: { error: 0, warning: 1, info: 2 },
};

const step = (overrides: Partial<BuildStep>): BuildStep => ({
  runId: 'run-1',
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
  missReason: null,
  ...overrides,
});

/** A build that replays stored events, as the backend's event stream does for a finished run. */
const replay: MultistageBuildApi['watchBuild'] = async (_id, onEvent) => {
  onEvent({ type: 'status', run });
  onEvent({ type: 'step', step: step({ digest: 'sha256:m', name: '[build 1/3] COPY Makefile ./', step: 1, instruction: 'COPY Makefile ./', cached: true }) });
  onEvent({
    type: 'step',
    step: step({ missReason: { kind: 'context-files-changed', paths: ['src/wordfreq.c'], more: 0 } }),
  });
  onEvent({ type: 'finished', run });
};

function renderWith(api: Partial<MultistageBuildApi>) {
  const fullApi: MultistageBuildApi = {
    getEntityDockerfile: async () => dockerfile,
    getEngineStatus: async () => ({ available: true, version: '20.10.24', apiVersion: '1.41' }),
    startBuild: async () => ({ ...run, status: 'queued' }),
    listBuilds: async () => [run],
    getBuild: async () => ({ run, steps: [] }),
    cancelBuild: async () => run,
    watchBuild: replay,
    ...api,
  };
  return renderInTestApp(
    <TestApiProvider apis={[[multistageBuildApiRef, fullApi]]}>
      <EntityProvider entity={entity}>
        <EntityMultistageBuildContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityMultistageBuildContent', () => {
  it('shows the stages with their bases, roles and lines, and the Dockerfile', async () => {
    await renderWith({});

    expect(await screen.findByText('3 stages; a plain build produces stage 2')).toBeInTheDocument();
    // the stage's row: name, base as written and resolved, role chip, lines
    const row = screen.getByText('gcc:12').closest('tr')!;
    expect(row.textContent).toBe('0build${GCC_IMAGE} → gcc:12variablebuild2–3');
    expect(screen.getAllByText('runtime').length).toBeGreaterThan(0);
    expect(screen.getByText('examples/hello-c/Dockerfile')).toBeInTheDocument();
    // the highlighted Dockerfile: tokens are split across spans, so read the block's text
    expect(document.querySelector('pre')?.textContent).toContain('RUN make');
    expect(screen.getByText('Docker engine 20.10.24 (API 1.41) ready for builds')).toBeInTheDocument();
  });

  it('says clearly when builds are unavailable, and still shows the analysis', async () => {
    await renderWith({
      getEngineStatus: async () => ({ available: false, reason: 'No Docker engine answers at unix:///var/run/docker.sock' }),
    });

    expect(await screen.findByText('Warning: Builds are unavailable')).toBeInTheDocument();
    expect(screen.getByText(/No Docker engine answers/)).toBeInTheDocument();
    expect(screen.getByText('3 stages; a plain build produces stage 2')).toBeInTheDocument();
  });

  it('lists parse errors with their lines', async () => {
    await renderWith({
      getEntityDockerfile: async () => ({
        ...dockerfile,
        parseErrors: [{ line: 5, message: 'ENV must have two arguments' }],
      }),
    });

    expect(await screen.findByText('Error: Dockerfile does not parse')).toBeInTheDocument();
    expect(screen.getByText('line 5: ENV must have two arguments')).toBeInTheDocument();
  });

  it('shows the backend error when the Dockerfile cannot be read', async () => {
    await renderWith({
      getEntityDockerfile: async () => {
        throw new Error("component:default/hello-c: no Dockerfile at 'Dockerfile'");
      },
    });

    expect(
      await screen.findByText("Error: component:default/hello-c: no Dockerfile at 'Dockerfile'"),
    ).toBeInTheDocument();
    expect(screen.queryByText(/stages; a plain build/)).not.toBeInTheDocument();
  });

  it('lists the findings with severity, line, rule and message', async () => {
    await renderWith({});

    expect(await screen.findByText('0 errors, 0 warnings, 1 info')).toBeInTheDocument();
    expect(screen.getByText('maintainer-deprecated')).toBeInTheDocument();
    expect(screen.getByText('BuildKit: MaintainerDeprecated')).toBeInTheDocument();
    const row = screen.getByText(/^MAINTAINER is deprecated/).closest('tr')!;
    expect(row.textContent).toContain('info');
    expect(row.textContent).toContain('7');
    expect(row.textContent).toContain('runtime');
    expect(row.textContent).toContain('Replace MAINTAINER with an authors label');
  });

  it('draws the stage graph with the critical path and the gate stage off it', async () => {
    await renderWith({});

    const graph = await screen.findByRole('img', { name: 'Stage dependency graph' });
    expect(graph.querySelectorAll('[data-stage]')).toHaveLength(3);
    expect([...graph.querySelectorAll('[data-edge]')].map(e => e.getAttribute('data-edge'))).toEqual([
      '0->1:from',
      '0->2:copy',
    ]);
    expect(screen.getByText(/^Critical path: build → runtime \(estimated \d+ s\)$/)).toBeInTheDocument();
    expect(graph.textContent).toContain('runtime (target)');
  });

  it('runs every rule of the catalog on the same data without breaking the page', async () => {
    await renderWith({
      getEntityDockerfile: async () => ({ ...dockerfile, ...describeDockerfile({ path: 'Dockerfile', text, rules: allRules }) }),
    });

    expect(await screen.findByText('Findings')).toBeInTheDocument();
  });

  it('shows the latest build with per-stage progress, cached steps and why a step missed the cache', async () => {
    await renderWith({});

    expect(await screen.findByText('cache miss: files it copies changed: src/wordfreq.c')).toBeInTheDocument();
    expect(screen.getByText('cached')).toBeInTheDocument();
    expect(screen.getByText('build · 2/2 steps · image 900.0 MB')).toBeInTheDocument();
    expect(
      screen.getByText('target runtime · 12.5 s · 1 cached, 1 built · cache saved ~3.0 s · image 4.2 MB'),
    ).toBeInTheDocument();
  });

  it('starts a build of the chosen target and follows it', async () => {
    const startBuild = jest.fn(async () => ({ ...run, id: 'run-2', status: 'queued' as const }));
    const watched: string[] = [];
    await renderWith({
      startBuild,
      listBuilds: async () => [],
      watchBuild: async (id, onEvent, signal) => {
        watched.push(id);
        await replay(id, onEvent, signal);
      },
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Start build' }));

    await waitFor(() => expect(startBuild).toHaveBeenCalledWith(expect.objectContaining({ name: 'hello-c' }), { target: 'runtime', noCache: false }));
    await waitFor(() => expect(watched).toContain('run-2'));
  });

  it('shows why a build cannot start', async () => {
    await renderWith({
      startBuild: async () => {
        throw new Error('body.target: target "x" is not a stage of this Dockerfile; stages: build, test, runtime');
      },
    });

    fireEvent.click(await screen.findByRole('button', { name: 'Start build' }));

    expect(await screen.findByText('Error: The build did not start')).toBeInTheDocument();
    expect(screen.getAllByText(/body.target: target "x" is not a stage/).length).toBeGreaterThan(0);
  });
});
