import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { defaultBuildConfig, type BuildConfig, type StoredBuildConfig } from '@stagecraft/plugin-multistage-build-common';
import { fakeApi, renderWorkspace } from '../../__testUtils__/workspace';

const stored = (version: number, config: BuildConfig = defaultBuildConfig): StoredBuildConfig => ({
  entityRef: 'component:default/hello-c',
  config,
  version,
  updatedBy: 'user:default/ann',
  updatedAt: '2026-12-03T09:00:00.000Z',
});

async function httpError(status: number, message: string) {
  const response = new Response(JSON.stringify({ error: { name: status === 409 ? 'ConflictError' : 'InputError', message }, response: { statusCode: status } }), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
  return ResponseError.fromResponse(response as never);
}

describe('ConfigurationView', () => {
  it('lists every ARG the Dockerfile declares with its default and stages, and saves a build arg over the version read', async () => {
    const saveBuildConfig = jest.fn(fakeApi().saveBuildConfig);
    await renderWorkspace(fakeApi({ getBuildConfig: async () => stored(3), saveBuildConfig }), '/configuration');

    const input = await screen.findByLabelText('GCC_IMAGE');
    expect(screen.getByText('default gcc:12 · global, used by build')).toBeInTheDocument();
    fireEvent.change(input, { target: { value: 'gcc:13' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() =>
      expect(saveBuildConfig).toHaveBeenCalledWith(expect.objectContaining({ name: 'hello-c' }), 3, { ...defaultBuildConfig, buildArgs: { GCC_IMAGE: 'gcc:13' } }),
    );
  });

  it('refuses a stale save: shows the newer version and what it changed, and reloads it', async () => {
    let current = stored(1);
    await renderWorkspace(
      fakeApi({
        getBuildConfig: async () => current,
        saveBuildConfig: async () => {
          throw await httpError(409, 'The build configuration of component:default/hello-c is at version 2, not 1');
        },
      }),
      '/configuration',
    );
    fireEvent.change(await screen.findByLabelText('GCC_IMAGE'), { target: { value: 'gcc:13' } });
    current = stored(2, { ...defaultBuildConfig, target: 'runtime' });

    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    const stale = await screen.findByTestId('stale-save');
    expect(stale.textContent).toContain('Not saved: someone saved version 2 meanwhile (user:default/ann');
    expect(stale.textContent).toContain('Their change: target last stage → runtime.');
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    await waitFor(() => expect(screen.getByText(/^Version 2, saved by user:default\/ann/)).toBeInTheDocument());
    expect((screen.getByLabelText('GCC_IMAGE') as HTMLInputElement).value).toBe('');
  });

  it('shows a refused field inline, and disables what the engine cannot apply with the reason', async () => {
    await renderWorkspace(
      fakeApi({
        saveBuildConfig: async () => {
          throw await httpError(400, 'body.config.platforms[0]: "linux" is not a platform like linux/amd64 or linux/arm64/v8');
        },
      }),
      '/configuration',
    );
    fireEvent.change(await screen.findByLabelText('Platforms (comma-separated)'), { target: { value: 'linux' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText(/^body\.config\.platforms\[0\]: "linux" is not a platform/)).toBeInTheDocument();
    expect(screen.getByText(/A registry cache with mode=max needs a BuildKit daemon and is refused/)).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'runtime' })).toBeDisabled();
  });

  it('keeps a list field as typed, so a second item can follow the comma', async () => {
    await renderWorkspace(fakeApi(), '/configuration');
    const platforms = (await screen.findByLabelText('Platforms (comma-separated)')) as HTMLInputElement;
    fireEvent.change(platforms, { target: { value: 'linux/amd64,' } });
    expect(platforms.value).toBe('linux/amd64,');
    fireEvent.change(platforms, { target: { value: 'linux/amd64, ' } });
    expect(platforms.value).toBe('linux/amd64, ');
    // Discarding puts back the saved list.
    fireEvent.click(screen.getByRole('button', { name: 'Discard changes' }));
    await waitFor(() => expect(platforms.value).toBe(''));
  });

  it('saves platforms, push, cache export, secrets and SSH agents by id', async () => {
    const saved: BuildConfig[] = [];
    await renderWorkspace(
      fakeApi({
        saveBuildConfig: async (_ref, _version, config) => {
          saved.push(config);
          return stored(1, config);
        },
      }),
      '/configuration',
    );
    fireEvent.change(await screen.findByLabelText('Platforms (comma-separated)'), { target: { value: 'linux/amd64, linux/arm64' } });
    fireEvent.change(screen.getByLabelText('Repository'), { target: { value: 'localhost:5000/team/svc' } });
    fireEvent.change(screen.getByLabelText('Tags'), { target: { value: '{date}-{shortRunId}, latest' } });
    fireEvent.change(screen.getByLabelText('Cache export (one per line)'), { target: { value: 'type=inline' } });
    fireEvent.change(screen.getByLabelText('Secret ids (comma-separated)'), { target: { value: 'npm_token' } });
    fireEvent.change(screen.getByLabelText('SSH agent ids (comma-separated)'), { target: { value: 'default' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({
      platforms: ['linux/amd64', 'linux/arm64'],
      push: { repository: 'localhost:5000/team/svc', tags: ['{date}-{shortRunId}', 'latest'] },
      cache: { to: ['type=inline'] },
      secrets: ['npm_token'],
      ssh: ['default'],
    });
  });

  it('shows who changed what and when', async () => {
    await renderWorkspace(
      fakeApi({
        getConfigHistory: async () => [
          { version: 2, config: { ...defaultBuildConfig, buildArgs: { GCC_IMAGE: 'gcc:13' } }, updatedBy: 'user:default/bob', updatedAt: '2026-12-03T09:00:00.000Z' },
          { version: 1, config: defaultBuildConfig, updatedBy: 'user:default/ann', updatedAt: '2026-12-02T09:00:00.000Z' },
        ],
      }),
      '/configuration',
    );

    const row = (await screen.findByText('GCC_IMAGE set to gcc:13')).closest('tr')!;
    expect(row.textContent).toContain('user:default/bob');
    expect(screen.getByText('first saved')).toBeInTheDocument();
  });
});
