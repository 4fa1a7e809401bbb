import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  allRules,
  describeDockerfile,
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

function renderWith(api: Partial<MultistageBuildApi>) {
  const fullApi: MultistageBuildApi = {
    getEntityDockerfile: async () => dockerfile,
    getEngineStatus: async () => ({ available: true, version: '20.10.24', apiVersion: '1.41' }),
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
});
