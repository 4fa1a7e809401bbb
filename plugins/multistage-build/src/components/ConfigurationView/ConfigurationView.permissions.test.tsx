import { screen, waitFor } from '@testing-library/react';
import { fakeApi, renderWorkspace } from '../../__testUtils__/workspace';

// A file of its own: usePermission caches answers per page load, as a browser would.
describe('ConfigurationView without the configure permission', () => {
  it('shows the configuration with Save disabled, saying why', async () => {
    await renderWorkspace(fakeApi(), '/configuration', permission => permission !== 'multistage-build.configure');

    await waitFor(() => expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled());
    expect(screen.getByText("You may not change this entity's build configuration (permission multistage-build.configure)")).toBeInTheDocument();
  });
});
