import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { alerts, fakeApi, renderWorkspace, run, step } from '../../__testUtils__/workspace';

const runPath = `/builds/${run.id}`;

describe('RunPage', () => {
  it('shows the run live: summary, timeline with the critical path, steps with miss reasons, and appended log output', async () => {
    await renderWorkspace(fakeApi(), runPath);

    expect(await screen.findByText('cache miss: files it copies changed: src/wordfreq.c')).toBeInTheDocument();
    expect(screen.getByText(/target runtime · started by user:default\/jane at .* · 12\.5 s · 1 cached, 1 built · cache saved ~3\.0 s · image 4\.2 MB · 0 errors · 1 warning · 2 info/)).toBeInTheDocument();
    const timeline = screen.getByRole('img', { name: 'Build timeline' });
    expect([...timeline.querySelectorAll('[data-timeline-step]')].map(b => [b.getAttribute('data-timeline-step'), b.getAttribute('data-critical')])).toEqual([
      ['COPY Makefile ./', 'true'],
      ['COPY src ./src', 'true'],
    ]);
    expect(screen.getByText('build · 2/2 steps · image 900 MB')).toBeInTheDocument();
  });

  it("shows a chosen step's whole stored output once the run has ended, and what the run used and made", async () => {
    const getStepLog = jest.fn(fakeApi().getStepLog);
    const base = `docker.io/library/busybox:1.36@sha256:${'a'.repeat(64)}`;
    await renderWorkspace(
      fakeApi({
        getStepLog,
        watchBuild: async (id, onEvent, signal) => {
          onEvent({ type: 'step', step: step({ digest: 'sha256:f', name: `[runtime 1/2] FROM ${base}`, stage: 'runtime', step: 1, instruction: `FROM ${base}` }) });
          onEvent({ type: 'step', step: step({ digest: 'sha256:g', name: '[build 1/3] FROM docker.io/stagecraft/gcc:12', step: 1, instruction: 'FROM docker.io/stagecraft/gcc:12' }) });
          await fakeApi().watchBuild(id, onEvent, signal);
        },
      }),
      runPath,
    );

    fireEvent.click(await screen.findByText('COPY src ./src', { selector: 'td' }));
    await waitFor(() => expect(getStepLog).toHaveBeenCalledWith(run.id, 'sha256:a'));
    expect(document.querySelector('[data-step-log="COPY src ./src"]')).not.toBeNull();
    expect(document.querySelector('[data-build-arg="GCC_IMAGE"]')?.textContent).toBe('GCC_IMAGE = gcc:13');
    expect(document.querySelector('[data-build-arg="NPM_TOKEN"]')?.textContent).toBe('NPM_TOKEN = ••••••');
    expect(screen.getByText("From the operators' defaults (values not stored): REGISTRY")).toBeInTheDocument();
    expect(await screen.findByText('COPY /out /out # buildkit')).toBeInTheDocument();
    expect(screen.getByText(base)).toBeInTheDocument();
    expect(screen.getByText('docker.io/stagecraft/gcc:12 (local image: no registry digest)')).toBeInTheDocument();
  });

  it("points at the failing step's line when the Dockerfile is the one the run built", async () => {
    const text = 'FROM busybox AS build\nRUN echo about to fail && exit 3\n';
    const digest = 'sha256:the-same-file';
    const failed = { ...run, status: 'failed' as const, error: 'exit code: 3', dockerfileDigest: digest, imageId: null };
    await renderWorkspace(
      fakeApi({
        getEntityDockerfile: async () => ({ ...(await fakeApi().getEntityDockerfile({ kind: 'component', namespace: 'default', name: 'hello-c' })), text, digest }),
        watchBuild: async (_id, onEvent) => {
          onEvent({ type: 'status', run: failed });
          onEvent({ type: 'step', step: step({ step: 2, instruction: 'RUN echo about to fail && exit 3', error: 'process "/bin/sh -c echo about to fail && exit 3" did not complete successfully: exit code: 3' }) });
          onEvent({ type: 'finished', run: failed });
        },
      }),
      runPath,
    );

    expect(await screen.findByText('Failed at Dockerfile:2')).toBeInTheDocument();
    expect(document.querySelector('[data-failing-line="2"]')?.textContent).toContain('RUN echo about to fail && exit 3');
  });

  it('cancels a running build, and reports a refusal instead of an unhandled rejection', async () => {
    const running = { ...run, status: 'running' as const, finishedAt: null };
    const cancelBuild = jest.fn(async () => {
      throw await ResponseError.fromResponse(
        new Response(JSON.stringify({ error: { name: 'ConflictError', message: `Build run ${run.id} already ended (succeeded)` }, response: { statusCode: 409 } }), {
          status: 409,
          headers: { 'Content-Type': 'application/json' },
        }) as any,
      );
    });
    await renderWorkspace(
      fakeApi({
        cancelBuild,
        watchBuild: async (_id, onEvent) => onEvent({ type: 'status', run: running }),
      }),
      runPath,
    );

    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(cancelBuild).toHaveBeenCalledWith(run.id));
    await waitFor(() =>
      expect(alerts).toEqual([{ message: `Could not cancel the build: Build run ${run.id} already ended (succeeded)`, severity: 'error' }]),
    );
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  });
});
