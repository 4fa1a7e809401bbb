import { fireEvent, screen } from '@testing-library/react';
import { fakeApi, renderWorkspace } from '../../__testUtils__/workspace';

describe('BuildWorkspace', () => {
  it('opens the view its URL names, and each tab links to its own URL', async () => {
    await renderWorkspace(fakeApi(), '/configuration');

    expect(await screen.findByText('Build configuration')).toBeInTheDocument();
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map(t => [t.textContent, t.getAttribute('href')])).toEqual([
      ['Dockerfile', '/tab'],
      ['Builds', '/tab/builds'],
      ['Configuration', '/tab/configuration'],
      ['Analytics', '/tab/analytics'],
    ]);
    expect(screen.getByRole('tab', { selected: true }).textContent).toBe('Configuration');

    fireEvent.click(screen.getByRole('tab', { name: 'Builds' }));
    expect(await screen.findByRole('button', { name: 'Start build' })).toBeInTheDocument();
    expect(screen.getByRole('tab', { selected: true }).textContent).toBe('Builds');
  });

  it("keeps a run's page under the Builds tab, and says clearly when builds are unavailable", async () => {
    await renderWorkspace(
      fakeApi({ getEngineStatus: async () => ({ available: false, reason: 'No Docker engine answers at unix:///var/run/docker.sock' }) }),
      '/builds/11111111-2222-4333-8444-555555555555',
    );

    expect(await screen.findByText('Warning: Builds are unavailable')).toBeInTheDocument();
    expect(screen.getByRole('tab', { selected: true }).textContent).toBe('Builds');
  });
});
