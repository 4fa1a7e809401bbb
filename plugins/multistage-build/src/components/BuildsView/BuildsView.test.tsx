import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeApi, renderWorkspace, run } from '../../__testUtils__/workspace';

const page = (n: number, offset = 0) =>
  Array.from({ length: n }, (_, i) => ({ ...run, id: `${String(offset + i).padStart(8, '0')}-2222-4333-8444-555555555555` }));

describe('BuildsView', () => {
  it('shows a page of runs with status, target, who, duration, cache, size and findings, and pages on the server', async () => {
    const listBuilds = jest.fn(async (_ref, options) => ({ items: page(20, options.offset), total: 45 }));
    await renderWorkspace(fakeApi({ listBuilds }), '/builds');

    const table = await screen.findByText('45 in all');
    expect(table).toBeInTheDocument();
    const first = document.querySelector(`[data-run-link="00000000-2222-4333-8444-555555555555"]`)!.closest('tr')!;
    expect(first.textContent).toContain('succeeded');
    expect(first.textContent).toContain('runtime');
    expect(first.textContent).toContain('user:default/jane');
    expect(first.textContent).toContain('12.5 s');
    expect(first.textContent).toContain('50 %');
    expect(first.textContent).toContain('4.2 MB');
    expect(first.textContent).toContain('0 errors · 1 warning · 2 info');
    expect(listBuilds).toHaveBeenLastCalledWith(expect.objectContaining({ name: 'hello-c' }), { limit: 20, offset: 0, status: undefined, target: undefined });

    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(listBuilds).toHaveBeenLastCalledWith(expect.anything(), expect.objectContaining({ offset: 20 })));
  });

  it('filters by status and target through the API, and says when nothing matches', async () => {
    const listBuilds = jest.fn(async () => ({ items: [], total: 0 }));
    await renderWorkspace(fakeApi({ listBuilds }), '/builds?status=failed&target=test');

    expect(await screen.findByText('No builds match these filters.')).toBeInTheDocument();
    expect(listBuilds).toHaveBeenLastCalledWith(expect.anything(), { limit: 20, offset: 0, status: ['failed'], target: 'test' });
  });

  it('starts a build with a target and a one-off build arg, then opens its page', async () => {
    const startBuild = jest.fn(async () => ({ ...run, id: 'aaaaaaaa-2222-4333-8444-555555555555', status: 'queued' as const }));
    await renderWorkspace(fakeApi({ startBuild }), '/builds');

    fireEvent.click(await screen.findByRole('button', { name: 'Start build' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(await within(dialog).findByLabelText('GCC_IMAGE'), { target: { value: 'gcc:14' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start' }));

    await waitFor(() => expect(startBuild).toHaveBeenCalledWith(expect.objectContaining({ name: 'hello-c' }), { buildArgs: { GCC_IMAGE: 'gcc:14' } }));
    expect(await screen.findByText(/^Build 11111111/)).toBeInTheDocument();
  });

  it('rebuilds a past run on the server and opens the new run', async () => {
    const rebuild = jest.fn(fakeApi().rebuild);
    await renderWorkspace(fakeApi({ rebuild }), '/builds');
    fireEvent.click((await screen.findAllByRole('button', { name: 'Rebuild' }))[0]);
    await waitFor(() => expect(rebuild).toHaveBeenCalledWith(run.id));
  });


  it("shows the engine's build cache and prunes it", async () => {
    const pruneCache = jest.fn(fakeApi().pruneCache);
    await renderWorkspace(fakeApi({ pruneCache }), '/builds');

    await waitFor(() => expect(document.querySelector('[data-cache-usage]')?.textContent).toBe('12 records, 340 MB; 120 MB reclaimable'));
    fireEvent.click(screen.getByRole('button', { name: 'Prune cache' }));
    await waitFor(() => expect(pruneCache).toHaveBeenCalled());
  });

  it("leaves the saved 'without the cache' in force unless the user changes it", async () => {
    const startBuild = jest.fn(async () => ({ ...run, status: 'queued' as const }));
    await renderWorkspace(
      fakeApi({
        startBuild,
        getBuildConfig: async () => ({ entityRef: run.entityRef, config: { ...run.config, buildArgs: {}, cache: { from: [], to: [], disabled: true } }, version: 3, updatedBy: null, updatedAt: null }),
      }),
      '/builds',
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Start build' }));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => expect(within(dialog).getByRole('checkbox', { name: 'Without cache' })).toBeChecked());
    fireEvent.click(within(dialog).getByRole('button', { name: 'Start' }));

    await waitFor(() => expect(startBuild).toHaveBeenCalledWith(expect.anything(), {}));
  });
});
