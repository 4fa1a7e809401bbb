import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import type { EngineView } from '@stagecraft/plugin-multistage-build-common';
import { healthyEngine as one } from '../../__testUtils__/engines';
import { fleetAlerts, renderBuildAnalyticsPage } from '../../__testUtils__/fleet';
import { fakeApi } from '../../__testUtils__/workspace';

const two: EngineView = {
  ...one,
  name: 'two',
  endpoint: 'tcp://10.0.0.5:2376',
  tls: true,
  running: 0,
  healthy: false,
  reason: 'no Docker engine answers at tcp://10.0.0.5:2376: connect ECONNREFUSED',
  version: null,
  cache: null,
};

describe('EnginesPage', () => {
  it('lists each builder with its health and why it is out, its load across replicas, and prunes a healthy one', async () => {
    const pruneEngine = jest.fn(async () => ({ reclaimedBytes: 120_000_000 }));
    await renderBuildAnalyticsPage(fakeApi({ getEngines: async () => ({ engines: [one, two], queued: 3 }), pruneEngine }), '/build-analytics/engines');

    await waitFor(() => expect(document.querySelector('[data-engine-load="one"]')?.textContent).toBe('1 of 2'));
    expect(screen.getByText('2 builders')).toBeInTheDocument();
    expect(screen.getByText(/3 builds queued across every replica · two out: no new builds go there/)).toBeInTheDocument();
    expect(document.querySelector('[data-engine-health="two"]')?.textContent).toContain('no Docker engine answers at tcp://10.0.0.5:2376');
    expect(screen.getByText(/tcp:\/\/10\.0\.0\.5:2376 · TLS client certificate/)).toBeInTheDocument();
    expect(document.querySelector('[data-prune-engine="two"]')).toBeDisabled();

    fireEvent.click(document.querySelector('[data-prune-engine="one"]')!);
    await waitFor(() => expect(pruneEngine).toHaveBeenCalledWith('one'));
    await waitFor(() => expect(fleetAlerts.map(a => a.message)).toContain("Pruned one's build cache: 120 MB freed"));
  });

  it('says which permission it takes when the viewer may not see the builders', async () => {
    const forbidden = await ResponseError.fromResponse(
      new Response(JSON.stringify({ error: { name: 'NotAllowedError', message: 'Missing permission' } }), { status: 403, headers: { 'Content-Type': 'application/json' } }) as never,
    );
    await renderBuildAnalyticsPage(fakeApi({ getEngines: async () => Promise.reject(forbidden) }), '/build-analytics/engines');
    expect(await screen.findByText('You may not see the builders')).toBeInTheDocument();
    expect(screen.getByText(/multistage-build\.engines\.read/)).toBeInTheDocument();
  });
});
