import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAnalyzeDockerfileAction } from './actions/analyze';

/**
 * Adds the `multistage:*` actions to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleMultistageBuild = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'multistage-build',
  register({ registerInit }) {
    registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createAnalyzeDockerfileAction());
      },
    });
  },
});
