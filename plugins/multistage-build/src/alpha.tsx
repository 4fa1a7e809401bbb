/*
 * The plugin for apps on the new frontend system: an API extension, an
 * entity content tab and overview card for entities that name a Dockerfile,
 * and the org-wide build analytics page.
 */
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { EntityCardBlueprint, EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { MultistageBuildClient, multistageBuildApiRef } from './api';
import { isMultistageBuildAvailable } from './isMultistageBuildAvailable';
import { buildAnalyticsRouteRef } from './routes';

const multistageBuildApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: multistageBuildApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new MultistageBuildClient(deps),
    }),
});

const multistageBuildEntityContent = EntityContentBlueprint.make({
  name: 'entity',
  params: {
    path: 'multistage-build',
    title: 'Multi-stage build',
    filter: isMultistageBuildAvailable,
    loader: () =>
      import('./components/EntityMultistageBuildContent').then(m => (
        <m.EntityMultistageBuildContent />
      )),
  },
});

/** The overview page's card: the last build and the open findings, for entities that name a Dockerfile. */
const multistageBuildEntityCard = EntityCardBlueprint.make({
  name: 'last-build',
  params: {
    filter: isMultistageBuildAvailable,
    // Beside About: a summary, not a main section.
    type: 'info',
    loader: () => import('./components/EntityBuildCard').then(m => <m.EntityBuildCard />),
  },
});

/**
 * The org-wide build analytics page; with a title and an icon the app's
 * sidebar lists it. The page draws its own header (window selector, rule
 * pages under it), so the app's page header is left out.
 */
const buildAnalyticsPage = PageBlueprint.make({
  name: 'build-analytics',
  params: {
    path: '/build-analytics',
    title: 'Build analytics',
    icon: <AssessmentIcon />,
    // A legacy route ref carries the new system's route ref fields: no conversion needed.
    routeRef: buildAnalyticsRouteRef,
    noHeader: true,
    loader: () => import('./components/BuildAnalyticsPage').then(m => <m.BuildAnalyticsPage />),
  },
});

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'multistage-build',
  routes: { buildAnalytics: buildAnalyticsRouteRef },
  extensions: [multistageBuildApi, multistageBuildEntityContent, multistageBuildEntityCard, buildAnalyticsPage],
});
