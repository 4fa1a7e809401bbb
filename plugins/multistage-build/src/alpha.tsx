/*
 * The plugin for apps on the new frontend system: an API extension and an
 * entity content tab shown for entities that name a Dockerfile.
 */
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint, EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { MultistageBuildClient, multistageBuildApiRef } from './api';
import { isMultistageBuildAvailable } from './isMultistageBuildAvailable';

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

/** @alpha */
export default createFrontendPlugin({
  pluginId: 'multistage-build',
  extensions: [multistageBuildApi, multistageBuildEntityContent, multistageBuildEntityCard],
});
