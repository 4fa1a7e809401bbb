import { alertApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { defaultBuildConfig, type BuildRun } from '@stagecraft/plugin-multistage-build-common';
import { ResponseError } from '@backstage/errors';
import { multistageBuildApiRef, type MultistageBuildApi } from '../../api';
import { BuildRunView } from './BuildRunView';

const running: BuildRun = {
  id: 'run-7',
  entityRef: 'component:default/hello-c',
  status: 'running',
  target: 'runtime',
  config: defaultBuildConfig,
  defaultBuildArgs: [],
  requestedBy: null,
  dockerfilePath: 'Dockerfile',
  dockerfileDigest: 'sha256:x',
  createdAt: '2026-12-03T10:00:00.000Z',
  startedAt: '2026-12-03T10:00:00.000Z',
  finishedAt: null,
  imageId: null,
  imageSize: null,
  stageSizes: {},
  error: null,
  cacheHits: 0,
  cacheMisses: 0,
  timeSavedMs: 0,
  findings: null,
};

function renderWith(cancelBuild: MultistageBuildApi['cancelBuild']) {
  const posted: { message: string; severity?: string }[] = [];
  const api: Partial<MultistageBuildApi> = {
    // The run stays running: the stream sends its state and then waits.
    watchBuild: async (_id, onEvent) => onEvent({ type: 'status', run: running }),
    cancelBuild,
  };
  const alerts = { post: (alert: { message: string; severity?: string }) => posted.push(alert), alert$: () => ({}) };
  renderInTestApp(
    <TestApiProvider apis={[[multistageBuildApiRef, api as MultistageBuildApi], [alertApiRef, alerts as never]]}>
      <BuildRunView runId="run-7" />
    </TestApiProvider>,
  );
  return posted;
}

describe('BuildRunView', () => {
  it('cancels a running build', async () => {
    const cancelled: string[] = [];
    const posted = renderWith(async id => {
      cancelled.push(id);
      return { ...running, status: 'cancelled' };
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(cancelled).toEqual(['run-7']));
    expect(posted).toEqual([]);
  });

  it('says why a cancel failed (a run that ended meanwhile answers 409) instead of dropping the rejection', async () => {
    const conflict = await ResponseError.fromResponse(
      new Response(JSON.stringify({ error: { name: 'ConflictError', message: 'run run-7 has already finished' }, response: { statusCode: 409 } }), {
        status: 409,
        statusText: 'Conflict',
        headers: { 'Content-Type': 'application/json' },
      }) as never,
    );
    const posted = renderWith(async () => {
      throw conflict;
    });
    const button = await screen.findByRole('button', { name: 'Cancel' });
    fireEvent.click(button);
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('Could not cancel the build:') });
    expect(posted[0].message).toContain('already finished');
    await waitFor(() => expect(button).not.toBeDisabled());
  });
});
