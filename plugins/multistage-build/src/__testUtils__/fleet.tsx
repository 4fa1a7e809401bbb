/*
 * A fleet as the backend describes it, and the build analytics page rendered
 * over a fake API, for the page's component tests.
 */
import { alertApiRef, configApiRef, type AlertMessage } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef, type PermissionApi } from '@backstage/plugin-permission-react';
import { mockApis, renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { FleetEntity, FleetSummary } from '@stagecraft/plugin-multistage-build-common';
import { Route, Routes, useLocation } from 'react-router-dom';
import { multistageBuildApiRef, type MultistageBuildApi } from '../api';
import { BuildAnalyticsPage } from '../components/BuildAnalyticsPage';

const days = (n: number) => Array.from({ length: n }, (_, i) => `2026-11-${String(i + 4).padStart(2, '0')}`);

export function fleetSummary(window: FleetSummary['days'] = 30): FleetSummary {
  return {
    days: window,
    from: '2026-11-04',
    generatedAt: '2026-12-03T12:00:00.000Z',
    headline: {
      builds: 412,
      succeeded: 380,
      failed: 24,
      cancelled: 8,
      successRate: 380 / 404,
      durationP50Ms: 42_000,
      durationP95Ms: 185_000,
      cacheHitRatio: 0.734,
      timeSavedMs: 3_720_000,
      totalImageSize: 2_400_000_000,
      medianImageSize: 73_000_000,
      openFindings: { error: 3, warning: 17, info: 1 },
      entities: 24,
      builtEntities: 19,
      neverBuiltEntities: 5,
    },
    daily: days(window === 7 ? 7 : 27).map((day, i) => ({
      day,
      succeeded: 12 + (i % 3),
      failed: i % 4 === 0 ? 2 : 0,
      cancelled: 0,
      // A day without a finished build has no ratio and no median: a gap.
      cacheHitRatio: i === 5 ? null : 0.7,
      timeSavedMs: 120_000,
      medianImageSize: i === 5 ? null : 73_000_000,
    })),
    rankings: {
      slowest: [{ entityRef: 'component:default/payments-api', title: 'Payments API', value: 612_000 }],
      largestImages: [{ entityRef: 'component:default/ml-worker', title: null, value: 1_500_000_000 }],
      lowestCacheHitRatio: [{ entityRef: 'component:default/hello-c', title: null, value: 0.12 }],
      findingsByRule: [
        { ruleId: 'maintainer-deprecated', severity: 'info', findings: 9, entities: 7 },
        { ruleId: 'no-such-rule-any-more', severity: 'warning', findings: 2, entities: 1 },
      ],
      missReasons: [
        { reason: 'context-files-changed', count: 300 },
        { reason: 'base-image-changed', count: 100 },
      ],
    },
    facets: {
      owners: ['group:default/payments', 'group:default/platform'],
      systems: ['billing'],
      lifecycles: ['production', 'experimental'],
      kinds: ['Component'],
      types: ['service', 'website'],
    },
  };
}

export function fleetEntity(overrides: Partial<FleetEntity> = {}): FleetEntity {
  return {
    entityRef: 'component:default/payments-api',
    kind: 'Component',
    namespace: 'default',
    name: 'payments-api',
    title: 'Payments API',
    owner: 'group:default/payments',
    system: 'billing',
    lifecycle: 'production',
    type: 'service',
    lastBuild: { runId: '11111111-2222-4333-8444-555555555555', status: 'failed', createdAt: new Date(Date.now() - 3 * 3_600_000 - 60_000).toISOString(), engine: 'one' },
    builds: 31,
    durationP50Ms: 95_000,
    durationP95Ms: 612_000,
    cacheHitRatio: 0.5,
    imageSize: 84_000_000,
    imageSizeChange: 12_000_000,
    openFindings: { error: 1, warning: 2, info: 0 },
    scannedAt: '2026-12-03T11:00:00.000Z',
    scanError: null,
    sparkline: [90_000, 100_000, null, 95_000, 120_000],
    ...overrides,
  };
}

/** An entity that names a Dockerfile that was never built, nor analysed yet. */
export const neverBuilt = fleetEntity({
  entityRef: 'website:platform/docs-site',
  kind: 'Website',
  namespace: 'platform',
  name: 'docs-site',
  title: null,
  owner: 'group:default/platform',
  system: null,
  lifecycle: 'experimental',
  type: 'website',
  lastBuild: null,
  builds: 0,
  durationP50Ms: null,
  durationP95Ms: null,
  cacheHitRatio: null,
  imageSize: null,
  imageSizeChange: null,
  openFindings: null,
  scannedAt: null,
  scanError: 'Dockerfile not found at docs/Dockerfile',
  sparkline: [null, null, null, null, null],
});

/** Alerts the page posted, newest last. */
export const fleetAlerts: AlertMessage[] = [];
const alertApi = {
  post: (message: AlertMessage) => fleetAlerts.push(message),
  alert$: () => ({ subscribe: () => ({ unsubscribe: () => undefined, closed: false }), [Symbol.observable]() { return this; } }) as any,
};

/** Where the app is: `data-location` holds the path and query the page last navigated to. */
function LocationProbe() {
  const location = useLocation();
  return <div data-location={`${location.pathname}${location.search}`} />;
}

export function currentLocation(): string {
  return document.querySelector('[data-location]')!.getAttribute('data-location')!;
}

/** Renders the page as the app mounts it, at `/build-analytics`, with the catalog's entity route bound. */
export function renderBuildAnalyticsPage(
  api: MultistageBuildApi,
  path = '/build-analytics',
  config: NonNullable<Parameters<typeof mockApis.config>[0]>['data'] = {},
  permissionApi: PermissionApi = mockApis.permission(),
) {
  fleetAlerts.length = 0;
  return renderInTestApp(
    <TestApiProvider apis={[[multistageBuildApiRef, api], [configApiRef, mockApis.config({ data: config })], [alertApiRef, alertApi], [permissionApiRef, permissionApi]]}>
      <LocationProbe />
      <Routes>
        <Route path="/build-analytics/*" element={<BuildAnalyticsPage />} />
      </Routes>
    </TestApiProvider>,
    { routeEntries: [path], mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
