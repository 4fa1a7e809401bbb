import { fireEvent, screen, waitFor } from '@testing-library/react';
import { fakeApi, renderWorkspace } from '../../__testUtils__/workspace';

// A file of its own: usePermission caches answers per page load, as a browser would.
describe('BuildsView without the run and prune permissions', () => {
  it('disables Start build, Rebuild and Prune cache, and says why', async () => {
    await renderWorkspace(fakeApi(), '/builds', permission => !['multistage-build.run', 'multistage-build.prune'].includes(permission));

    await waitFor(() => expect(screen.getByRole('button', { name: 'Start build' })).toBeDisabled());
    expect(screen.getAllByRole('button', { name: 'Rebuild' })[0]).toBeDisabled();
    fireEvent.mouseOver(screen.getByRole('button', { name: 'Start build' }).parentElement!);
    expect(await screen.findByText('You may not start builds of this entity (permission multistage-build.run)')).toBeInTheDocument();
    // Pruning the engine's cache is a permission of its own.
    expect(screen.getByRole('button', { name: 'Prune cache' })).toBeDisabled();
    fireEvent.mouseOver(screen.getByRole('button', { name: 'Prune cache' }).parentElement!);
    expect(await screen.findByText("You may not prune the engine's build cache (permission multistage-build.prune)")).toBeInTheDocument();
  });

});
