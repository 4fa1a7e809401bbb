import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import type { EntityDockerfileResponse } from '@stagecraft/plugin-multistage-build-common';
import { multistageBuildApiRef, type MultistageBuildApi } from '../../api';
import { EntityMultistageBuildContent } from './EntityMultistageBuildContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'hello-c', annotations: { 'stagecraft.io/dockerfile': 'Dockerfile' } },
  spec: {},
};

const dockerfile: EntityDockerfileResponse = {
  entityRef: 'component:default/hello-c',
  path: 'Dockerfile',
  location: 'examples/hello-c/Dockerfile',
  text: 'ARG GCC_IMAGE=gcc:12\nFROM ${GCC_IMAGE} AS build\nRUN make\nFROM busybox:1.36 AS runtime\n',
  stages: [
    {
      index: 0, name: 'build', line: 2, endLine: 3, base: '${GCC_IMAGE}', resolvedBase: 'gcc:12',
      baseKind: 'variable', platform: null, role: 'build', instructionCount: 2,
    },
    {
      index: 1, name: 'runtime', line: 4, endLine: 4, base: 'busybox:1.36', resolvedBase: 'busybox:1.36',
      baseKind: 'image', platform: null, role: 'runtime', instructionCount: 1,
    },
  ],
  edges: [],
  defaultTarget: 1,
  parseErrors: [],
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

    expect(await screen.findByText('2 stages; a plain build produces stage 1')).toBeInTheDocument();
    // the stage name and its role chip
    expect(screen.getAllByText('build')).toHaveLength(2);
    expect(screen.getByText('gcc:12')).toBeInTheDocument();
    expect(screen.getByText('2–3')).toBeInTheDocument();
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
    expect(screen.getByText('2 stages; a plain build produces stage 1')).toBeInTheDocument();
  });

  it('lists parse errors with their lines', async () => {
    await renderWith({
      getEntityDockerfile: async () => ({
        ...dockerfile,
        parseErrors: [{ line: 5, endLine: 6, message: 'ENV must have two arguments' }],
      }),
    });

    expect(await screen.findByText('Error: Dockerfile does not parse')).toBeInTheDocument();
    expect(screen.getByText('line 5–6: ENV must have two arguments')).toBeInTheDocument();
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
});
