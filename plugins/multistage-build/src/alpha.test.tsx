import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { createExtensionTester, renderTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor } from '@testing-library/react';
import plugin from './alpha';
import { multistageBuildApiRef } from './api';
import { buildAnalyticsRouteRef } from './routes';
import { fleetEntity, fleetSummary } from './__testUtils__/fleet';
import { fakeApi } from './__testUtils__/workspace';

describe('the new frontend system plugin', () => {
  const page = plugin.getExtension('page:multistage-build/build-analytics');

  it('offers the build analytics page at /build-analytics for the sidebar, with its route ref', () => {
    const tester = createExtensionTester(page);
    expect(tester.get(coreExtensionData.routePath)).toBe('/build-analytics');
    expect(tester.get(coreExtensionData.title)).toBe('Build analytics');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    // The legacy route ref serves the new system as it is.
    expect(tester.get(coreExtensionData.routeRef)).toBe(buildAnalyticsRouteRef);
  });

  it('renders the page in an app with the whole plugin, its routes included', async () => {
    const api = fakeApi({ getFleetSummary: async days => fleetSummary(days), getFleetEntities: async () => ({ items: [fleetEntity()], total: 1 }) });
    renderTestApp({
      features: [plugin],
      apis: [[multistageBuildApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: ['/build-analytics?days=7'],
    });

    await waitFor(() => expect(document.querySelector('[data-figure="builds"]')?.textContent).toContain('412'));
    const link = document.querySelector('[data-entity-link="component:default/payments-api"]')!.closest('a');
    expect(link?.getAttribute('href')).toBe('/catalog/default/component/payments-api/multistage-build');
    expect(screen.getByRole('heading', { name: 'Build analytics', level: 1 })).toBeInTheDocument();
  });
});
