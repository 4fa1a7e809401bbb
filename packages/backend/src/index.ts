/*
 * The Stagecraft portal backend: the Backstage core plugins we rely on plus
 * the multistage-build backend plugin and its scaffolder module.
 */

import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@stagecraft/plugin-scaffolder-backend-module-multistage-build'),
);

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-permission-backend'));
// Allow all, except entities annotated stagecraft.io/restricted: visible to their owners only.
backend.add(import('./permissions/restrictedEntitiesPolicy'));

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-user-settings-backend'));
// the app's storage API depends on signals
backend.add(import('@backstage/plugin-signals-backend'));

backend.add(import('@stagecraft/plugin-multistage-build-backend'));

backend.start();
