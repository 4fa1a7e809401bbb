import { fireEvent, screen, waitFor } from '@testing-library/react';
import { fakeApi, renderWorkspace } from '../../__testUtils__/workspace';

// A file of its own: usePermission caches answers per page load, as a browser would.
describe('BuildsView without the run permission', () => {
  it('disables Start build and Rebuild without the run permission', async () => {
    await renderWorkspace(fakeApi(), '/builds', permission => permission !== 'multistage-build.run');

    await waitFor(() => expect(screen.getByRole('button', { name: 'Start build' })).toBeDisabled());
    expect(screen.getAllByRole('button', { name: 'Rebuild' })[0]).toBeDisabled();
    fireEvent.mouseOver(screen.getByRole('button', { name: 'Start build' }).parentElement!);
    expect(await screen.findByText('You may not start builds of this entity (permission multistage-build.run)')).toBeInTheDocument();
  });
});
