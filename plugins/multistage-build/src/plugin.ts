/*
 * The plugin for apps on the legacy frontend system
 * (`@backstage/core-plugin-api`). New-system apps use `./alpha`.
 */
import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MultistageBuildClient, multistageBuildApiRef } from './api';
import { buildAnalyticsRouteRef, rootRouteRef } from './routes';

/** @public */
export const multistageBuildPlugin = createPlugin({
  id: 'multistage-build',
  apis: [
    createApiFactory({
      api: multistageBuildApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new MultistageBuildClient(deps),
    }),
  ],
  routes: { root: rootRouteRef, buildAnalytics: buildAnalyticsRouteRef },
});

/**
 * The "Multi-stage build" entity tab for legacy apps: put it in an
 * `EntityLayout.Route` guarded by `isMultistageBuildAvailable`.
 *
 * @public
 */
export const EntityMultistageBuildContent = multistageBuildPlugin.provide(
  createRoutableExtension({
    name: 'EntityMultistageBuildContent',
    component: () =>
      import('./components/EntityMultistageBuildContent').then(
        m => m.EntityMultistageBuildContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The overview card for legacy apps: the last build and the open findings,
 * with a link to the tab. Put it in the overview grid, guarded by
 * `isMultistageBuildAvailable`.
 *
 * @public
 */
export const EntityMultistageBuildCard = multistageBuildPlugin.provide(
  createComponentExtension({
    name: 'EntityMultistageBuildCard',
    component: {
      lazy: () => import('./components/EntityBuildCard').then(m => m.EntityBuildCard),
    },
  }),
);

/**
 * The org-wide build analytics page for legacy apps: every entity's builds,
 * cache use, image sizes and findings, with rankings and a table to export.
 * Mount it at `/build-analytics` (`<Route path="/build-analytics"
 * element={<MultistageBuildAnalyticsPage />} />`) and add a sidebar item.
 *
 * @public
 */
export const MultistageBuildAnalyticsPage = multistageBuildPlugin.provide(
  createRoutableExtension({
    name: 'MultistageBuildAnalyticsPage',
    component: () => import('./components/BuildAnalyticsPage').then(m => m.BuildAnalyticsPage),
    mountPoint: buildAnalyticsRouteRef,
  }),
);
